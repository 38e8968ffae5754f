// Try it: speak a line through the personality's chain and hear it while it streams. The server
// sends OpenAI's SSE events with 24 kHz 16-bit PCM; each delta is scheduled on a Web Audio clock
// as it arrives. The done event carries the attempt trace: who spoke, and why the others did not.
import {api, request, enc, ApiError} from './api.js';
import {h, clear, announce, errorBox, fmtMs, fmtNum} from './dom.js';
import {personalityFrame} from './frame.js';
import {providerName} from './catalog.js';

const RATE = 24000; // OpenAI's pcm format

export async function render(main, id) {
  const [config, providers] = await Promise.all([api('GET', `/api/personalities/${enc(id)}`), api('GET', '/api/providers')]);
  const nameOf = (p) => providerName(p, providers.data);
  const prefs = config.languages || {primary: 'en', supported: ['en']};
  const langs = [...new Set([prefs.primary, ...(prefs.supported || [])])];
  const text = h('textarea', {id: 'try-text', rows: 4, maxlength: 4096, 'aria-describedby': 'try-help'},
    'Hello! This is how I sound. How can I help you today?');
  const model = h('select', {id: 'try-model'},
    h('option', {value: 'tts-1-hd'}, 'The personality\'s chain (tts-1-hd)'),
    h('option', {value: 'tts-1'}, 'A fast local voice first (tts-1)'));
  const names = new Intl.DisplayNames(['en'], {type: 'language', fallback: 'code'});
  const language = h('select', {id: 'try-language'}, langs.map((l) => h('option', {value: l}, `${names.of(l)} (${l})`)));
  const speak = h('button', {type: 'submit', id: 'speak', class: 'primary'}, 'Speak');
  const stop = h('button', {type: 'button', id: 'stop', disabled: true}, 'Stop');
  const status = h('p', {id: 'try-status', role: 'status'});
  const result = h('section', {id: 'try-result', 'aria-labelledby': 'trace-h', hidden: true});
  let session = null;
  const form = h('form', {id: 'try-form', class: 'card'},
    h('div', {class: 'field'}, h('label', {for: 'try-text'}, 'Text to speak'), text,
      h('p', {id: 'try-help', class: 'help'}, 'Up to 4,096 characters. Audio starts as soon as the first piece is made.')),
    h('div', {class: 'row'},
      h('div', {class: 'field'}, h('label', {for: 'try-model'}, 'Route'), model),
      h('div', {class: 'field'}, h('label', {for: 'try-language'}, 'Language'), language)),
    h('div', {class: 'row'}, speak, stop), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (session) session.stop();
    session = new Session(status, result, nameOf);
    speak.disabled = true;
    stop.disabled = false;
    try {
      await session.run({model: model.value, input: text.value, voice: id, language: language.value,
        response_format: 'pcm', stream_format: 'sse'});
    } finally {
      speak.disabled = false;
      stop.disabled = true;
    }
  });
  stop.addEventListener('click', () => { if (session) session.stop(); });
  main.append(...personalityFrame(id, 'try', 'Try it'), form, result);
  return () => { if (session) session.stop(); };
}

class Session {
  constructor(status, result, nameOf) {
    this.status = status;
    this.result = result;
    this.nameOf = nameOf;
    this.controller = new AbortController();
    this.ctx = new AudioContext({sampleRate: RATE});
    this.next = 0;
    this.pcm = [];
    this.leftover = null;
  }

  stop() {
    this.controller.abort();
    this.ctx.close().catch(() => {});
  }

  async run(body) {
    const started = performance.now();
    this.status.textContent = 'Speaking…';
    clear(this.result);
    this.result.hidden = true;
    let response;
    try {
      response = await request('POST', '/v1/audio/speech', body, {Accept: 'text/event-stream'}, this.controller.signal);
    } catch (e) {
      this.status.textContent = this.controller.signal.aborted ? 'Stopped.' : '';
      if (!this.controller.signal.aborted) this.showFailure(e);
      return;
    }
    let firstAudioMs = null;
    let done = null;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const {value, done: end} = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, {stream: true});
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const msg = JSON.parse(data);
          if (msg.type === 'speech.audio.delta') {
            if (firstAudioMs === null) {
              firstAudioMs = performance.now() - started;
              this.status.textContent = `Playing: first audio after ${fmtMs(firstAudioMs)}.`;
            }
            this.play(msg.audio);
          } else if (msg.type === 'speech.audio.done') {
            done = msg;
          }
        }
      }
    } catch (e) {
      if (this.controller.signal.aborted) { this.status.textContent = 'Stopped.'; return; }
      this.status.textContent = `The stream broke: ${e.message}`;
      return;
    }
    if (!done) {
      this.status.textContent = 'The stream ended without its done event: the audio may be incomplete.';
      return;
    }
    const v = done.voicerouter || {};
    this.status.textContent = `Done: ${fmtNum(v.audio_seconds)} s of audio from ${this.nameOf(v.provider)}`
      + `${v.cached ? ' (from the cache)' : ''}; first audio after ${fmtMs(firstAudioMs)}, all of it after ${fmtMs(performance.now() - started)}.`;
    this.showTrace(v.trace || [], v.provider, response.headers.get('X-Voicerouter-Trace'));
    this.showRecording();
    announce(`Spoken by ${this.nameOf(v.provider)}`);
  }

  /** Schedules one base64 PCM delta right after the previous one. */
  play(base64) {
    const raw = atob(base64);
    let bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    if (this.leftover) { // a delta may end mid-sample: keep the odd byte for the next one
      const joined = new Uint8Array(this.leftover.length + bytes.length);
      joined.set(this.leftover);
      joined.set(bytes, this.leftover.length);
      bytes = joined;
      this.leftover = null;
    }
    if (bytes.length % 2) { this.leftover = bytes.slice(bytes.length - 1); bytes = bytes.slice(0, bytes.length - 1); }
    if (bytes.length === 0) return;
    this.pcm.push(bytes);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    const buffer = this.ctx.createBuffer(1, samples.length, RATE);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.ctx.destination);
    this.next = Math.max(this.next, this.ctx.currentTime + 0.05);
    source.start(this.next);
    this.next += buffer.duration;
  }

  showTrace(trace, provider, header) {
    this.result.hidden = false;
    this.result.append(h('h2', {id: 'trace-h'}, 'Attempt trace'),
      h('ol', {id: 'trace', class: 'trace'}, trace.map((a) => this.attempt(a, provider))),
      header ? h('p', {class: 'help'}, 'Header: ', h('code', {id: 'trace-header'}, header)) : null);
  }

  attempt(a, provider) {
    const who = h('strong', {}, this.nameOf(a.provider));
    if (a.outcome === 'succeeded') {
      return h('li', {class: 'ok', dataset: {outcome: 'succeeded', provider: a.provider}}, who,
        ` spoke in ${fmtMs(a.elapsed_ms)}${a.cached ? ' (from the cache)' : ''}${a.tries > 1 ? ` after ${a.tries} tries` : ''}`,
        a.provider === provider ? '' : ' (not used)');
    }
    if (a.outcome === 'skipped') {
      return h('li', {class: 'warn', dataset: {outcome: 'skipped', provider: a.provider}}, who,
        ` was skipped: ${a.reason.toLowerCase().replaceAll('_', ' ')}`, a.detail ? ` — ${a.detail}` : '');
    }
    return h('li', {class: 'bad', dataset: {outcome: 'failed', provider: a.provider}}, who,
      ` failed (${String(a.kind).toLowerCase().replaceAll('_', ' ')}): ${a.message}`,
      a.tries > 1 ? ` after ${a.tries} tries` : '', a.elapsed_ms !== undefined ? ` in ${fmtMs(a.elapsed_ms)}` : '');
  }

  showFailure(e) {
    this.result.hidden = false;
    this.result.append(h('h2', {id: 'trace-h'}, 'Nothing was spoken'), errorBox(e));
    if (e instanceof ApiError && e.trace) {
      this.result.append(h('ol', {id: 'trace', class: 'trace'}, e.trace.map((a) => this.attempt(a, null))));
    }
  }

  /** The whole answer as a WAV file, to replay or download. */
  showRecording() {
    const length = this.pcm.reduce((n, b) => n + b.length, 0);
    const wav = new Uint8Array(44 + length);
    const view = new DataView(wav.buffer);
    const ascii = (at, s) => { for (let i = 0; i < s.length; i++) wav[at + i] = s.charCodeAt(i); };
    ascii(0, 'RIFF'); view.setUint32(4, 36 + length, true); ascii(8, 'WAVE');
    ascii(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, RATE, true); view.setUint32(28, RATE * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    ascii(36, 'data'); view.setUint32(40, length, true);
    let at = 44;
    for (const b of this.pcm) { wav.set(b, at); at += b.length; }
    const url = URL.createObjectURL(new Blob([wav], {type: 'audio/wav'}));
    this.result.append(h('h3', {}, 'Recording'),
      h('audio', {controls: true, src: url, id: 'try-audio', 'aria-label': 'What was spoken'}),
      h('p', {}, h('a', {href: url, download: 'speech.wav'}, 'Download as WAV')));
  }
}
