#!/usr/bin/env node
// The peer benchmark: sherpa-onnx (in this process) and voicerouter's Piper provider (a Java child
// process, io.voicerouter.bench.peer.PeerServer) on the same Piper model and the same text, taking
// turns call by call, with the order flipped every other pair, so both see the same machine load.
// Each side times its own call in its own process. Run through run.sh, which prepares everything.
//
// node bench.js SHERPA_MODEL_DIR VOICE.onnx BENCHMARKS_JAR [rounds] [mode...]
//   modes: rtf (default; single sentences at 1 and 2 threads), paragraph (see README)
'use strict';
const {spawn} = require('child_process');
const readline = require('readline');
const sherpa = require('sherpa-onnx-node');

const [modelDir, voice, jar, roundsArg, ...modesArg] = process.argv.slice(2);
if (!jar) {
  console.error('usage: node bench.js SHERPA_MODEL_DIR VOICE.onnx BENCHMARKS_JAR [rounds] [rtf|paragraph ...]');
  process.exit(2);
}
const rounds = Number(roundsArg || 5);
const modes = modesArg.length ? modesArg : ['rtf'];

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog near the quiet river bank.',
  'Then it rested for a while in the warm afternoon sun.',
  'Later that evening, everyone went home happy.',
  'Although the forecast had promised rain for most of the week, the sky stayed clear and bright, and the children spent every afternoon down by the water.',
  'Please call me back when you get this message.',
];

function sherpaTts(threads) {
  return new sherpa.OfflineTts({
    model: {
      vits: {model: `${modelDir}/model.onnx`, tokens: `${modelDir}/tokens.txt`, dataDir: `${modelDir}/espeak-ng-data`},
      numThreads: threads, debug: 0, provider: 'cpu',
    },
    maxNumSentences: 1,
  });
}

// The Java side, one request at a time over a pipe.
const java = spawn('java', ['-cp', jar, 'io.voicerouter.bench.peer.PeerServer', voice],
  {stdio: ['pipe', 'pipe', 'inherit']});
const answers = readline.createInterface({input: java.stdout});
const waiting = [];
answers.on('line', (line) => waiting.shift()(line));
function ask(command) {
  return new Promise((resolve, reject) => {
    waiting.push((line) => line.startsWith('ok ') ? resolve(line.slice(3).split(' ')) : reject(new Error(line)));
    java.stdin.write(command.replace(/\n/g, ' ') + '\n');
  });
}

async function ours(threads, text) {
  const [nanos, samples, rate] = await ask(`say ${threads} ${text}`);
  return {seconds: Number(nanos) / 1e9, audio: Number(samples) / Number(rate)};
}

function theirs(tts, text) {
  const start = process.hrtime.bigint();
  const a = tts.generate({text, sid: 0, speed: 1.0});
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {seconds, audio: a.samples.length / a.sampleRate};
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x, d = 4) => x.toFixed(d);

async function rtf() {
  console.log(`\n== single sentences: RTF (compute seconds / audio seconds), ${SENTENCES.length} sentences x ${rounds} rounds, interleaved`);
  for (const threads of [1, 2]) {
    const tts = sherpaTts(threads);
    for (const s of SENTENCES) { theirs(tts, s); await ours(threads, s); }  // warm-up, not counted
    const sum = {ours: [0, 0], sherpa: [0, 0]};
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < SENTENCES.length; i++) {
        let a, b;
        if ((r + i) % 2 === 0) { a = await ours(threads, SENTENCES[i]); b = theirs(tts, SENTENCES[i]); }
        else { b = theirs(tts, SENTENCES[i]); a = await ours(threads, SENTENCES[i]); }
        sum.ours[0] += a.seconds; sum.ours[1] += a.audio;
        sum.sherpa[0] += b.seconds; sum.sherpa[1] += b.audio;
        ratios.push((a.seconds / a.audio) / (b.seconds / b.audio));
      }
    }
    const ro = sum.ours[0] / sum.ours[1], rs = sum.sherpa[0] / sum.sherpa[1];
    console.log(`threads=${threads}  RTF voicerouter ${f(ro)}  sherpa-onnx ${f(rs)}  ratio (ours/sherpa, summed) ${f(ro / rs, 3)}`
      + `  median per-pair ratio ${f(median(ratios), 3)}  audio s: ours ${f(sum.ours[1], 1)} sherpa ${f(sum.sherpa[1], 1)}`);
    tts.free && tts.free();
  }
}

async function idsCheck() {
  const lens = await ask(`ids ${SENTENCES.join(' ')}`);
  console.log(`model input lengths per sentence (voicerouter): ${lens.join(' ')}`);
}

(async () => {
  try {
    await idsCheck();
    for (const m of modes) {
      if (m === 'rtf') await rtf();
      else if (m === 'paragraph') await paragraph();
      else throw new Error(`unknown mode ${m}`);
    }
  } finally {
    java.stdin.write('quit\n');
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });

// A paragraph streamed: sherpa-onnx makes its sentences one after another (numThreads 2, its
// progress callback fires per sentence); ours makes them in parallel, in order, with a long first
// sentence split at a clause boundary. Same total threads: 2 runs x 1 thread (and 2 runs sharing one
// 2-thread session, reported apart). Also single sentences, to check they are no slower.
const PARAGRAPH = [SENTENCES[3], SENTENCES[0], SENTENCES[1], SENTENCES[2], SENTENCES[4]].join(' ');

function theirsStream(tts, text) {
  const start = process.hrtime.bigint();
  let first = 0;
  return tts.generateAsync({text, sid: 0, speed: 1.0, onProgress: () => {
    if (!first) first = Number(process.hrtime.bigint() - start) / 1e9;
    return 1;
  }}).then((a) => ({first, total: Number(process.hrtime.bigint() - start) / 1e9, audio: a.samples.length / a.sampleRate}));
}

async function oursStream(threads, parallelism, text) {
  const [first, total, chunks, samples, rate] = await ask(`para ${threads} ${parallelism} ${text}`);
  return {first: Number(first) / 1e9, total: Number(total) / 1e9, chunks: Number(chunks), audio: Number(samples) / Number(rate)};
}

async function paragraph() {
  const tts = sherpaTts(2);
  // [intraOpThreads ('n': ONNX Runtime's spin-waiting off), sentences at once]
  const configs = [['1', 2], ['2', 2], ['2n', 2]];
  console.log(`\n== paragraph of 5 sentences (${PARAGRAPH.length} chars), streamed, ${rounds} rounds interleaved; sherpa-onnx numThreads=2`);
  for (const [t, p] of configs) await oursStream(t, p, PARAGRAPH);
  await theirsStream(tts, PARAGRAPH);
  const rows = {sherpa: []};
  for (const [t, p] of configs) rows[`${t}x${p}`] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['ours', 'sherpa'] : ['sherpa', 'ours'];
    for (const side of order) {
      if (side === 'sherpa') rows.sherpa.push(await theirsStream(tts, PARAGRAPH));
      else for (const [t, p] of configs) rows[`${t}x${p}`].push(await oursStream(t, p, PARAGRAPH));
    }
  }
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const sf = med(rows.sherpa, 'first'), st = med(rows.sherpa, 'total');
  console.log(`sherpa-onnx (2 threads, sentences in turn): first audio ${f(sf, 3)} s, complete ${f(st, 3)} s (median), audio ${f(rows.sherpa[0].audio, 1)} s`);
  for (const [t, p] of configs) {
    const xs = rows[`${t}x${p}`];
    const of = med(xs, 'first'), ot = med(xs, 'total');
    console.log(`voicerouter (intraOpThreads ${t}, ${p} sentences at once, ${xs[0].chunks} chunks): first audio ${f(of, 3)} s, `
      + `complete ${f(ot, 3)} s; sherpa/ours: first audio ${f(sf / of, 2)}x sooner, complete ${f(st / ot, 2)}x sooner`);
  }

  console.log(`\n== single sentences, whole (not streamed), sherpa-onnx numThreads=2, ${rounds} rounds interleaved`);
  for (const [t, p] of configs) {
    const sum = {ours: 0, sherpa: 0};
    for (const s of SENTENCES) { await ask(`sayp ${t} ${p} ${s}`); await theirsStream(tts, s); }  // warm-up
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < SENTENCES.length; i++) {
        const flip = (r + i) % 2 === 0;
        if (flip) sum.sherpa += (await theirsStream(tts, SENTENCES[i])).total;
        const a = await ask(`sayp ${t} ${p} ${SENTENCES[i]}`);  // the paragraph's provider
        sum.ours += Number(a[0]) / 1e9;
        if (!flip) sum.sherpa += (await theirsStream(tts, SENTENCES[i])).total;
      }
    }
    console.log(`voicerouter intraOpThreads ${t}, ${p} sentences at once: ${f(sum.ours, 3)} s for all; sherpa-onnx 2 threads ${f(sum.sherpa, 3)} s; ours/sherpa ${f(sum.ours / sum.sherpa, 3)}`);
  }
}
