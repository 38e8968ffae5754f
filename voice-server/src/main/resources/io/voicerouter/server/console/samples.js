// Voice samples: upload (drag and drop or a file picker), the quality report said plainly, a
// waveform of each sample, which sample each cloning provider uses, delete.
import {api, request, enc, ApiError, getTagged, putIfMatch, changedElsewhere} from './api.js';
import {h, clear, announce, errorBox, changedElsewhereBox, fmtNum, fmtPct} from './dom.js';
import {personalityFrame} from './frame.js';
import {waveform} from './waveform.js';
import {providerName} from './catalog.js';
import {showError} from './settings.js';
import {sampleRequirements} from './voice.js';

export async function render(main, id) {
  const [tagged, providers, languages] = await Promise.all([
    getTagged(`/api/personalities/${enc(id)}`), api('GET', '/api/providers'), api('GET', '/api/languages')]);
  // etag: the revision page.config is; the sample choices are saved with it as If-Match.
  const page = {id, config: tagged.body, etag: tagged.etag, providers: providers.data, languages: languages.data,
    known: languages.providers};
  const list = h('div', {id: 'sample-list'});
  const report = h('section', {id: 'report', 'aria-labelledby': 'report-h', hidden: true});
  const assign = h('section', {id: 'assign', 'aria-labelledby': 'assign-h'});
  main.append(...personalityFrame(id, 'samples', 'Voice samples'),
    uploadSection(page, report, () => refresh(page, list, assign)), report,
    h('section', {'aria-labelledby': 'samples-h'}, h('h2', {id: 'samples-h', tabindex: '-1'}, 'Samples'), list), assign);
  page.reload = () => refresh(page, list, assign);
  drawList(page, list, assign);
  drawAssign(page, assign);
}

async function refresh(page, list, assign) {
  const newest = await getTagged(`/api/personalities/${enc(page.id)}`);
  page.config = newest.body;
  page.etag = newest.etag;
  drawList(page, list, assign);
  drawAssign(page, assign);
}

// ---- upload

function uploadSection(page, report, after) {
  const file = h('input', {type: 'file', id: 'sample-file', accept: '.wav,.mp3,audio/wav,audio/x-wav,audio/mpeg',
    'aria-describedby': 'sample-rules'});
  const language = h('select', {id: 'sample-language'},
    page.languages.map((l) => h('option', {value: l.code, selected: l.code === primary(page.config)}, `${l.name} (${l.code})`)));
  const notes = h('input', {type: 'text', id: 'sample-notes', maxlength: 1000});
  const status = h('div', {id: 'upload-status', 'aria-live': 'polite'});
  const upload = async (f) => {
    clear(status);
    if (!f) { status.append(h('p', {class: 'error'}, 'Choose a WAV or MP3 file first.')); return; }
    status.append(h('p', {}, `Uploading and analysing ${f.name}…`));
    const form = new FormData();
    form.append('file', f, f.name);
    form.append('language', language.value);
    if (notes.value.trim()) form.append('notes', notes.value.trim());
    try {
      const r = await (await request('POST', `/api/personalities/${enc(page.id)}/samples`, form)).json();
      clear(status);
      status.append(h('p', {class: 'ok'}, `Added ${r.sample.id} (${fmtNum(r.duration)} s).`));
      showReport(page, report, r);
      file.value = '';
      notes.value = '';
      await after();
    } catch (e) {
      clear(status);
      status.append(e instanceof ApiError && e.status === 413 ? h('p', {class: 'error', role: 'alert'}, `Too large or too long: ${e.message}`)
        : e instanceof ApiError && e.status === 415 ? h('p', {class: 'error', role: 'alert'}, `Not a WAV or MP3 file: ${e.message}`)
          : errorBox(e));
    }
  };
  const zone = h('div', {class: 'drop', id: 'drop-zone'},
    h('p', {class: 'drop-title', 'aria-hidden': 'true'}, 'Drop a WAV or MP3 recording here'),
    h('div', {class: 'field'}, h('label', {for: 'sample-file'}, 'Or choose a file'), file),
    h('div', {class: 'row'},
      h('div', {class: 'field'}, h('label', {for: 'sample-language'}, 'Language spoken'), language),
      h('div', {class: 'field grow'}, h('label', {for: 'sample-notes'}, 'Notes (optional)'), notes)),
    h('button', {type: 'button', id: 'upload', class: 'primary', onclick: () => upload(file.files[0])}, 'Upload and analyse'),
    status);
  zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('over');
    const f = ev.dataTransfer && ev.dataTransfer.files[0];
    if (f) upload(f);
  });
  return h('section', {'aria-labelledby': 'upload-h'}, h('h2', {id: 'upload-h'}, 'Upload a sample'),
    h('p', {id: 'sample-rules', class: 'help'},
      'A clean recording of one speaker: WAV or MP3, 3 to 30 seconds (most cloning models do best with 6 to 15), ',
      'a quiet room, no music or effects. Each upload gets a quality report.'),
    zone);
}

function primary(config) {
  return (config.languages && config.languages.primary) || 'en';
}

function verdict(score) {
  if (score >= 0.8) return 'good';
  if (score >= 0.6) return 'fair';
  return 'poor';
}

function showReport(page, section, r) {
  const rep = r.report;
  clear(section);
  section.hidden = false;
  const f = rep.format || {};
  const fact = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  section.append(
    h('h2', {id: 'report-h', tabindex: '-1'}, `Quality report: ${r.sample.id}`),
    h('p', {class: `score ${verdict(rep.quality_score)}`, id: 'report-score'},
      `Quality score ${fmtNum(rep.quality_score, 2)} of 1: ${verdict(rep.quality_score)}`),
    h('dl', {class: 'facts', id: 'report-facts'},
      fact('Duration', `${fmtNum(rep.duration)} s`),
      fact('Format', `${f.container || ''} ${f.codec || ''}, ${f.sample_rate} Hz, ${f.channels === 1 ? 'mono' : `${f.channels} channels`}`),
      fact('Signal to noise (SNR)', `${fmtNum(rep.noise.snr_db)} dB (WADA estimate ${fmtNum(rep.noise.wada_snr_db)} dB)`),
      fact('Clipping', rep.clipping.clipped_samples === 0 ? `none (peak ${fmtNum(rep.clipping.peak_dbfs)} dBFS)`
        : `${rep.clipping.clipped_samples} clipped samples in ${rep.clipping.clip_runs} runs (peak ${fmtNum(rep.clipping.peak_dbfs)} dBFS)`),
      fact('Loudness', `${fmtNum(rep.loudness.integrated_lufs)} LUFS integrated, range ${fmtNum(rep.loudness.loudness_range_lu)} LU`),
      fact('Speech', `${fmtPct(rep.speech.speech_ratio)} of the time; silence ${fmtNum(rep.speech.leading_silence)} s before, ${fmtNum(rep.speech.trailing_silence)} s after`)),
    findings(rep.findings),
    h('table', {id: 'report-providers'},
      h('caption', {}, 'Duration advice per provider'),
      h('thead', {}, h('tr', {}, ['Provider', 'Score', 'Usable', 'Duration', 'Accepts', 'Best'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, (rep.providers || []).map((p) => h('tr', {},
        h('th', {scope: 'row'}, providerName(p.provider, page.providers)),
        h('td', {}, fmtNum(p.score, 2)),
        h('td', {class: p.usable ? 'ok' : 'warn'}, p.usable ? 'yes' : 'no'),
        h('td', {}, p.duration_fit.replaceAll('_', ' ')),
        h('td', {}, `${fmtNum(p.duration_range[0])}-${fmtNum(p.duration_range[1])} s`),
        h('td', {}, `${fmtNum(p.duration_optimal[0])}-${fmtNum(p.duration_optimal[1])} s`))))));
  section.querySelector('h2').focus();
  announce(`Quality score ${fmtNum(rep.quality_score, 2)}: ${verdict(rep.quality_score)}`);
}

function findings(list) {
  if (!list || list.length === 0) return h('p', {class: 'ok'}, 'No problems found in the recording.');
  return h('ul', {class: 'findings'}, list.map((x) => h('li', {class: x.severity},
    h('strong', {}, `${x.severity}: `), x.message, x.fix ? ` — ${x.fix}` : '')));
}

// ---- the list, with waveform, play and delete

function drawList(page, list, assign) {
  clear(list);
  const samples = page.config.voice_samples || [];
  if (samples.length === 0) {
    list.append(h('p', {id: 'no-samples'}, 'No samples yet.'));
    return;
  }
  for (const s of samples) {
    const wave = h('div', {class: 'wave'}, h('span', {class: 'help'}, 'Loading the waveform…'));
    const player = h('div', {class: 'player'});
    const actions = h('div', {class: 'row'});
    const del = h('button', {type: 'button', class: 'danger', dataset: {sample: s.id}, 'aria-label': `Delete ${s.id}`},
      'Delete');
    del.addEventListener('click', () => confirmDelete(page, s, actions, del, list, assign));
    actions.append(h('button', {type: 'button', 'aria-label': `Play ${s.id}`, onclick: () => play(page, s, player)}, 'Play'), del);
    list.append(h('article', {class: 'sample card', dataset: {sample: s.id}, 'aria-labelledby': `s-${s.id}`},
      h('h3', {id: `s-${s.id}`}, s.id),
      h('p', {class: 'meta'}, [
        s.duration !== undefined ? `${fmtNum(s.duration)} s` : null,
        s.language ? `language ${s.language}` : null,
        s.quality_score !== undefined ? `quality ${fmtNum(s.quality_score, 2)}` : null,
        s.uploaded_at ? `uploaded ${s.uploaded_at.replace('T', ' ').replace('Z', ' UTC')}` : null,
      ].filter(Boolean).join(' · ')),
      s.notes ? h('p', {}, s.notes) : null, wave, player, actions));
    api('GET', `/api/personalities/${enc(page.id)}/samples/${enc(s.id)}/peaks?buckets=300`)
      .then((peaks) => { clear(wave).append(waveform(peaks, `Waveform of ${s.id}, ${fmtNum(peaks.duration)} seconds`)); })
      .catch((e) => { clear(wave).append(h('p', {class: 'help'}, `No waveform: ${e.message}`)); });
  }
}

async function play(page, s, player) {
  try {
    const blob = await (await request('GET', `/api/personalities/${enc(page.id)}/samples/${enc(s.id)}/audio`)).blob();
    const url = URL.createObjectURL(blob);
    clear(player).append(h('audio', {controls: true, src: url, 'aria-label': `Recording ${s.id}`}));
    player.querySelector('audio').play().catch(() => { /* autoplay refused: the controls are there */ });
  } catch (e) {
    clear(player).append(errorBox(e));
  }
}

function confirmDelete(page, s, actions, del, list, assign) {
  const used = Object.entries(page.config.providers || {}).filter(([, p]) => p.voice_sample_url === s.url).map(([p]) => p);
  const yes = h('button', {type: 'button', class: 'danger', id: `confirm-delete-${s.id}`}, `Yes, delete ${s.id}`);
  const no = h('button', {type: 'button'}, 'Keep it');
  const box = h('div', {class: 'confirm', role: 'group', 'aria-label': `Delete ${s.id}?`},
    h('p', {}, `Delete ${s.id}?`, used.length ? ` ${used.map((p) => providerName(p, page.providers)).join(', ')} use${used.length === 1 ? 's' : ''} it and will have no sample.` : ''),
    yes, no);
  del.hidden = true;
  actions.append(box);
  yes.focus();
  no.addEventListener('click', () => { box.remove(); del.hidden = false; del.focus(); });
  yes.addEventListener('click', async () => {
    try {
      await api('DELETE', `/api/personalities/${enc(page.id)}/samples/${enc(s.id)}`);
      announce(`Deleted ${s.id}`);
      await refresh(page, list, assign);
      document.getElementById('samples-h').focus();
    } catch (e) {
      box.append(errorBox(e));
    }
  });
}

// ---- which sample each cloning provider uses

function cloners(page) {
  const out = new Map();
  for (const p of page.providers) {
    if (p.clones_voices) out.set(p.id, {requirements: sampleRequirements(p), installed: true});
  }
  // Cloning models this server lacks still get a choice (the seed's durations, from voice-samples),
  // so a config made here is ready when the model is installed.
  for (const k of page.known) {
    if (!out.has(k.id) && k.sample_requirements) out.set(k.id, {requirements: sampleRequirements(k), installed: false});
  }
  return out;
}

function drawAssign(page, section) {
  clear(section);
  section.append(h('h2', {id: 'assign-h', tabindex: '-1'}, 'Samples per provider'));
  const samples = page.config.voice_samples || [];
  if (samples.length === 0) {
    section.append(h('p', {}, 'Upload a sample to choose which one each cloning model uses.'));
    return;
  }
  const status = h('p', {id: 'assign-status', role: 'status'});
  const selects = [];
  const rows = [...cloners(page)].map(([p, info]) => {
    const current = (page.config.providers || {})[p] || {};
    const r = info.requirements;
    const select = h('select', {id: `assign-${p}`, dataset: {provider: p}, 'aria-describedby': `assign-${p}-help`},
      h('option', {value: ''}, 'No sample'),
      samples.map((s) => {
        const fit = r && s.duration !== undefined
          ? (s.duration < r.min || s.duration > r.max ? ' — outside what it accepts'
            : s.duration < r.optimalMin || s.duration > r.optimalMax ? ' — usable' : ' — best length') : '';
        return h('option', {value: s.id, selected: current.voice_sample_url === s.url}, `${s.id} (${fmtNum(s.duration)} s)${fit}`);
      }));
    const error = h('p', {id: `assign-${p}-error`, class: 'field-error', 'aria-live': 'polite'});
    select.setAttribute('aria-describedby', `assign-${p}-help assign-${p}-error`);
    selects.push({select, error, requirements: r, name: providerName(p, page.providers)});
    select.addEventListener('change', () => showError(select, error, null));
    return h('div', {class: 'field'},
      h('label', {for: `assign-${p}`}, providerName(p, page.providers), info.installed ? '' : ' (not installed here)'),
      select,
      h('p', {id: `assign-${p}-help`, class: 'help'}, r ? `Takes ${fmtNum(r.min)}-${fmtNum(r.max)} s, best ${fmtNum(r.optimalMin)}-${fmtNum(r.optimalMax)} s.` : ''),
      error);
  });
  const errors = h('div', {id: 'assign-errors'});
  const save = h('button', {type: 'button', id: 'assign-save', class: 'primary'}, 'Save sample choices');
  save.addEventListener('click', async () => {
    clear(errors);
    status.textContent = '';
    // The model would refuse a sample outside its range: say so at its field before anything is sent.
    let first = null;
    for (const {select, error, requirements: r, name} of selects) {
      const s = samples.find((x) => x.id === select.value);
      const bad = s && r && s.duration !== undefined && (s.duration < r.min || s.duration > r.max)
        ? `${name} takes samples of ${fmtNum(r.min)} to ${fmtNum(r.max)} s; ${s.id} is ${fmtNum(s.duration)} s.` : null;
      showError(select, error, bad);
      if (bad && !first) first = select;
    }
    if (first) { first.focus(); return; }
    status.textContent = 'Saving…';
    const config = structuredClone(page.config);
    config.providers = config.providers || {};
    for (const {select} of selects) {
      const p = select.dataset.provider;
      const s = samples.find((x) => x.id === select.value);
      const pc = config.providers[p];
      if (s) {
        config.providers[p] = {enabled: true, ...(pc || {}), voice_sample_url: s.url, voice_sample_duration: s.duration};
      } else if (pc) {
        delete pc.voice_sample_url;
        delete pc.voice_sample_duration;
      }
    }
    try {
      const saved = await putIfMatch(`/api/personalities/${enc(page.id)}`, config, page.etag);
      page.config = saved.body;
      page.etag = saved.etag;
      status.textContent = 'Saved.';
      announce('Saved the sample choices');
    } catch (e) {
      status.textContent = '';
      if (changedElsewhere(e)) {
        errors.append(changedElsewhereBox(`The personality ${page.id}`, async () => {
          await page.reload();
          document.getElementById('assign-h').focus();
        }, 'assign-changed-elsewhere'));
        return;
      }
      if (!(e instanceof ApiError) || e.problems.length === 0) { errors.append(errorBox(e)); return; }
      // Each problem at its provider's field when it names one (providers.<id>...), all of them listed.
      for (const problem of e.problems) {
        const m = /providers\.([A-Za-z0-9_]+)[.:]/.exec(problem);
        const field = m && selects.find((x) => x.select.dataset.provider === m[1]);
        if (field) showError(field.select, field.error, problem.replace(/^(ERROR|WARNING) /, ''));
      }
      errors.append(h('ul', {class: 'error', role: 'alert'}, e.problems.map((x) => h('li', {}, x))));
    }
  });
  section.append(h('p', {class: 'help'}, 'Cloning models speak in the voice of the sample chosen here (voice_sample_url in the voice_config).'),
    ...rows, save, status, errors);
}
