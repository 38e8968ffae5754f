// A personality's voice, as the seed draws it: the active model chosen from cards, the fallback
// chain, each provider's settings, the languages, and save with every problem shown at its field.
import {api, enc, ApiError, getTagged, putIfMatch, changedElsewhere} from './api.js';
import {h, clear, announce, errorBox, changedElsewhereBox, fmtMs, fmtNum, fmtInt} from './dom.js';
import {personalityFrame} from './frame.js';
import {chainEditor} from './chain.js';
import {settingField, showError} from './settings.js';
import {PROVIDER_NOTES, CLOUD_PROVIDERS, providerName} from './catalog.js';

export async function render(main, id) {
  const [tagged, providers, languages, stats] = await Promise.all([
    getTagged(`/api/personalities/${enc(id)}`), api('GET', '/api/providers'),
    api('GET', '/api/languages'), api('GET', '/api/stats')]);
  const mount = h('div');
  // After a save the form is built again from what the server stored, so nothing edits a stale copy;
  // the ETag of what the form shows goes back as If-Match, so a save never replaces a change made elsewhere.
  const draw = (cfg, etag, status) => {
    const page = new VoicePage(id, cfg, etag, providers.data, languages, stats);
    page.onSaved = (next, nextEtag) => draw(next, nextEtag, 'Saved.');
    page.onReload = async () => {
      const newest = await getTagged(`/api/personalities/${enc(id)}`);
      draw(newest.body, newest.etag, 'Reloaded the newest version.');
      announce(`Reloaded the newest voice of ${id}`);
    };
    clear(mount).append(page.element);
    if (status) {
      page.status.textContent = status;
      page.element.querySelector('#save').focus();
    }
  };
  draw(tagged.body, tagged.etag, null);
  main.append(...personalityFrame(id, 'voice', 'Voice'), mount);
}

class VoicePage {
  constructor(id, config, etag, installed, languages, stats) {
    this.id = id;
    this.config = config;
    /** The revision the form was built from: sent as If-Match on save. */
    this.etag = etag;
    this.added = new Set();
    config.providers = config.providers || {};
    config.fallback_chain = config.fallback_chain || [];
    this.installed = installed;
    this.languages = languages;
    this.stats = stats.this_process || {};
    /** path -> {input, error, check}: where a problem at that JSON path is shown */
    this.fields = new Map();
    this.nameOf = (p) => providerName(p, installed);
    this.known = languages.providers.map((p) => p.id);
    this.problems = h('div', {id: 'problems', tabindex: '-1'});
    this.settingsBox = h('div', {id: 'provider-settings'});
    this.status = h('p', {id: 'save-status', role: 'status'});
    const form = h('form', {id: 'voice-form', novalidate: true},
      this.problems, this.modelSection(), this.chainSection(), this.settingsSection(), this.languageSection(),
      h('div', {class: 'save-bar'}, h('button', {type: 'submit', id: 'save', class: 'primary'}, 'Save voice'), this.status));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.save(); });
    this.element = form;
  }

  spec(p) { return this.installed.find((x) => x.id === p); }

  provider(p) {
    if (!this.config.providers[p]) {
      this.config.providers[p] = {enabled: true};
      this.added.add(p);
    }
    return this.config.providers[p];
  }

  /** Entries this page made only because a provider joined the chain go again when it leaves, untouched. */
  dropUnused() {
    for (const p of this.added) {
      const pc = this.config.providers[p];
      const untouched = pc && pc.enabled !== false && Object.keys(pc).every((k) => k === 'enabled'
        || (k === 'settings' && Object.keys(pc.settings).length === 0));
      if (untouched && !this.config.fallback_chain.includes(p) && this.config.active_provider !== p) {
        delete this.config.providers[p];
        this.added.delete(p);
      }
    }
  }

  // ---- the active model: one card per provider this server has or could have

  modelSection() {
    const ids = [...new Set([...this.installed.map((p) => p.id), ...this.known])];
    const isCloud = (p) => (this.spec(p) ? this.spec(p).kind === 'cloud' : CLOUD_PROVIDERS.has(p));
    const group = (title, list) => list.length === 0 ? null : h('div', {class: 'card-group'},
      h('h3', {}, title), h('div', {class: 'cards'}, list.map((p) => this.card(p))));
    const error = h('p', {id: 'err-active_provider', class: 'field-error', 'aria-live': 'polite'});
    this.fields.set('active_provider', {input: null, error});
    this.activeSummary = h('p', {id: 'active-summary', class: 'active-summary'});
    this.drawActiveSummary();
    return h('section', {'aria-labelledby': 'model-h'},
      h('h2', {id: 'model-h'}, 'Voice generation model'),
      this.activeSummary,
      h('p', {class: 'help'}, 'Tip (from the seed): StyleTTS2 gives the highest quality for custom voices; Piper is the fastest for default voices.'),
      h('fieldset', {class: 'models', 'aria-describedby': 'err-active_provider'},
        h('legend', {}, 'Active model'),
        group('Local models', ids.filter((p) => !isCloud(p))),
        group('Cloud models', ids.filter(isCloud)), error));
  }

  drawActiveSummary() {
    const p = this.config.active_provider || 'piper';
    const spec = this.spec(p);
    const device = spec && spec.health && spec.health.attributes && spec.health.attributes.device;
    clear(this.activeSummary).append('Active model: ', h('strong', {}, this.nameOf(p)),
      ` (${spec ? spec.kind : 'not installed here'}${device ? `, ${device}` : ''})`);
  }

  card(p) {
    const spec = this.spec(p);
    const note = PROVIDER_NOTES[p] || {};
    const active = (this.config.active_provider || 'piper') === p;
    const health = spec && spec.health;
    const usable = spec && (!health || health.status === 'UP' || health.status === 'DEGRADED' || health.status === 'NOT_INITIALIZED');
    const availability = !spec
      ? `Not installed on this server (add ${(this.languages.providers.find((x) => x.id === p) || {}).module || 'its module'}): requests fall through to the next model in the chain.`
      : usable ? `Available now${health && health.status !== 'UP' ? ` (${health.status.toLowerCase().replaceAll('_', ' ')})` : ''}.`
        : `Not available now: ${health.detail || health.status}.`;
    // A model this server lacks can still be chosen: the voice_config is the host's, and a host may
    // install it; here requests then fall through to the next in the chain, and the trace says so.
    const input = h('input', {type: 'radio', name: 'active_provider', id: `model-${p}`, value: p, checked: active,
      'aria-describedby': `model-${p}-facts`});
    input.addEventListener('change', () => {
      this.config.active_provider = p;
      this.provider(p).enabled = true;
      if (!this.config.fallback_chain.includes(p)) {
        this.config.fallback_chain = [p, ...this.config.fallback_chain];
        this.chain.set(this.config.fallback_chain);
      }
      for (const c of document.querySelectorAll('.model-card')) c.classList.toggle('active', c.dataset.provider === p);
      this.drawActiveSummary();
      this.drawSettings();
      announce(`${this.nameOf(p)} is the active model`);
    });
    const langs = spec ? spec.languages : [];
    const langCount = spec ? (langs.length === 0 ? 'any language the engine accepts' : `${langs.length} languages`)
      : `${this.languages.data.filter((l) => l.seed_providers.includes(p)).length} of the 26 (seed)`;
    const known = this.languages.providers.find((x) => x.id === p) || {};
    const req = sampleRequirements(spec && spec.clones_voices ? spec : known);
    const clones = spec ? spec.clones_voices : Boolean(known.sample_requirements);
    const cloning = clones
      ? (req ? `Yes, from a ${fmtNum(req.min)}-${fmtNum(req.max)} s sample (best ${fmtNum(req.optimalMin)}-${fmtNum(req.optimalMax)} s)` : 'Yes')
      : spec ? 'No (pre-made voices only)' : 'No';
    return h('div', {class: `model-card${active ? ' active' : ''}${spec ? '' : ' missing'}`, dataset: {provider: p}},
      h('div', {class: 'card-head'}, input, h('label', {for: `model-${p}`}, this.nameOf(p),
        h('span', {class: 'badge'}, (spec ? spec.kind : (CLOUD_PROVIDERS.has(p) ? 'cloud' : 'local'))),
        active ? h('span', {class: 'badge strong'}, 'active') : null)),
      h('dl', {id: `model-${p}-facts`},
        h('dt', {}, 'Quality'), h('dd', {}, note.quality ? `${note.quality} — ${note.note}` : '—'),
        h('dt', {}, 'Speed on this host'), h('dd', {class: 'speed'}, this.speedCell(p, spec)),
        h('dt', {}, 'Languages'), h('dd', {title: langs.join(', ')}, langCount),
        h('dt', {}, 'Voice cloning'), h('dd', {}, cloning),
        health && health.attributes && health.attributes.device ? [h('dt', {}, 'Runs on'), h('dd', {}, health.attributes.device)] : null,
        h('dt', {}, 'Availability'), h('dd', {class: usable ? 'ok' : 'warn'}, availability)));
  }

  /** The figures so far, and for a local model a button that measures it now. */
  speedCell(p, spec) {
    const text = h('span', {id: `speed-${p}`, 'aria-live': 'polite'}, this.speed(p));
    if (!spec || spec.kind !== 'local') return text;
    const button = h('button', {type: 'button', class: 'small', id: `measure-${p}`,
      'aria-label': `Measure ${this.nameOf(p)} on this host now`}, 'Measure now');
    button.addEventListener('click', async () => {
      button.disabled = true;
      text.textContent = 'Measuring…';
      try {
        const r = await api('POST', `/api/providers/${enc(p)}/measure`);
        const last = r.runs[r.runs.length - 1];
        text.textContent = `${fmtMs(last.latency_ms)} for ${fmtNum(last.audio_seconds)} s of speech`
          + (last.real_time_factor !== null ? ` (${fmtNum(last.real_time_factor, 3)}× real time)` : '')
          + `; first run ${fmtMs(r.runs[0].latency_ms)}. Measured just now.`;
      } catch (e) {
        text.textContent = `Could not measure: ${e.message}`;
      } finally {
        button.disabled = false;
      }
    });
    return [text, ' ', button];
  }

  /** Measured here: the router's own figures for this provider in this server process. */
  speed(p) {
    const s = this.stats[p];
    if (!s || !s.successes) return 'Not measured yet.';
    const perRequestAudio = s.audio_seconds / s.successes;
    const rtf = perRequestAudio > 0 ? (s.avg_latency_ms / 1000) / perRequestAudio : null;
    return `${fmtMs(s.avg_latency_ms)} average, p95 ${fmtMs(s.p95_latency_ms)}`
      + (rtf !== null ? `; ${fmtNum(rtf, 2)}× real time` : '')
      + ` (${fmtInt(s.successes)} request${s.successes === 1 ? '' : 's'})`;
  }

  // ---- fallback chain

  chainSection() {
    const error = h('p', {id: 'err-fallback_chain', class: 'field-error', 'aria-live': 'polite'});
    this.fields.set('fallback_chain', {input: null, error});
    this.chain = chainEditor({
      order: this.config.fallback_chain,
      nameOf: this.nameOf,
      addable: (items) => [...new Set([...this.installed.map((p) => p.id), ...this.known])].filter((p) => !items.includes(p)),
      onChange: (order) => {
        this.config.fallback_chain = order;
        order.forEach((p) => { this.provider(p); });
        this.dropUnused();
        this.drawSettings();
      },
    });
    return h('section', {'aria-labelledby': 'chain-h'}, h('h2', {id: 'chain-h'}, 'Fallback chain'), this.chain.element, error);
  }

  // ---- settings, per provider in the chain or configured

  settingsSection() {
    this.drawSettings();
    return h('section', {'aria-labelledby': 'settings-h'}, h('h2', {id: 'settings-h'}, 'Provider settings'),
      h('p', {class: 'help'}, 'Empty fields use the provider\'s default. Values are checked here as you type and again by the server when you save.'),
      this.settingsBox);
  }

  drawSettings() {
    for (const key of [...this.fields.keys()]) if (key.startsWith('providers.')) this.fields.delete(key);
    clear(this.settingsBox);
    const ids = [...new Set([this.config.active_provider, ...this.config.fallback_chain, ...Object.keys(this.config.providers)])]
      .filter(Boolean);
    for (const p of ids) this.settingsBox.append(this.providerFieldset(p));
  }

  providerFieldset(p) {
    const spec = this.spec(p);
    const pc = this.provider(p);
    const register = (path, f) => this.fields.set(path, f);
    const textField = (key, label, help) => {
      const id = `pc-${p}-${key}`;
      const error = h('p', {id: `${id}-error`, class: 'field-error', 'aria-live': 'polite'});
      const input = h('input', {id, type: 'text', value: pc[key] || '', spellcheck: 'false',
        'aria-describedby': `${id}-help ${id}-error`});
      input.addEventListener('input', () => {
        if (input.value.trim()) pc[key] = input.value.trim(); else delete pc[key];
        showError(input, error, null);
      });
      register(`providers.${p}.${key}`, {input, error});
      return h('div', {class: 'field'}, h('label', {for: id}, label), input, h('p', {id: `${id}-help`, class: 'help'}, help), error);
    };
    const enabled = h('input', {type: 'checkbox', id: `pc-${p}-enabled`, checked: pc.enabled !== false});
    enabled.addEventListener('change', () => { pc.enabled = enabled.checked; });
    const enabledError = h('p', {id: `pc-${p}-enabled-error`, class: 'field-error', 'aria-live': 'polite'});
    register(`providers.${p}.enabled`, {input: enabled, error: enabledError});
    const error = h('p', {id: `err-providers-${p}`, class: 'field-error', 'aria-live': 'polite'});
    register(`providers.${p}`, {input: null, error});
    pc.settings = pc.settings || {};
    const body = spec
      ? [textField('voice_id', 'Voice id', 'The provider\'s voice (e.g. en_US-lessac-medium for Piper); empty: its default for the language.'),
        spec.kind === 'cloud' ? textField('voice_name', 'Voice name', 'The cloud voice name, e.g. en-US-Neural2-D.') : null,
        spec.settings.map((s) => settingField(p, s, pc.settings[s.name], {
          register,
          onValue: (name, v) => { if (v === undefined) delete pc.settings[name]; else pc.settings[name] = v; },
        }))]
      : [h('p', {class: 'help'}, `${this.nameOf(p)} is not installed on this server, so its settings schema is unknown; its settings are kept as they are.`)];
    return h('fieldset', {class: 'provider', id: `settings-${p}`},
      h('legend', {}, this.nameOf(p)),
      h('div', {class: 'field check'}, enabled, h('label', {for: `pc-${p}-enabled`}, 'Enabled'), enabledError),
      body, error);
  }

  // ---- languages: the seed's 26 with which providers cover each

  languageSection() {
    const prefs = this.config.languages = this.config.languages || {primary: 'en', supported: ['en']};
    prefs.supported = prefs.supported || [];
    const primaryError = h('p', {id: 'err-languages-primary', class: 'field-error', 'aria-live': 'polite'});
    const primary = h('select', {id: 'primary-language', 'aria-describedby': 'err-languages-primary'},
      this.languages.data.map((l) => h('option', {value: l.code, selected: l.code === prefs.primary}, `${l.name} (${l.code})`)));
    if (!this.languages.data.some((l) => l.code === prefs.primary)) {
      primary.prepend(h('option', {value: prefs.primary, selected: true}, prefs.primary));
    }
    this.fields.set('languages.primary', {input: primary, error: primaryError});
    const supportedError = h('p', {id: 'err-languages', class: 'field-error', 'aria-live': 'polite'});
    this.fields.set('languages', {input: null, error: supportedError});
    const coverage = h('tbody');
    const drawCoverage = () => {
      clear(coverage);
      for (const l of this.languages.data) {
        const inChain = l.installed_providers.filter((p) => this.config.fallback_chain.includes(p));
        const box = h('input', {type: 'checkbox', id: `lang-${l.code}`, value: l.code,
          checked: prefs.supported.includes(l.code) || prefs.primary === l.code, disabled: prefs.primary === l.code});
        box.addEventListener('change', () => {
          prefs.supported = box.checked ? [...new Set([...prefs.supported, l.code])] : prefs.supported.filter((c) => c !== l.code);
        });
        coverage.append(h('tr', {dataset: {code: l.code}},
          h('td', {}, box),
          h('th', {scope: 'row'}, h('label', {for: `lang-${l.code}`}, l.name), ' ', h('span', {class: 'code'}, l.code)),
          h('td', {class: inChain.length ? 'ok' : 'warn'}, inChain.length ? inChain.map(this.nameOf).join(', ') : 'none in the chain'),
          h('td', {}, l.installed_providers.map(this.nameOf).join(', ') || '—'),
          h('td', {}, l.seed_providers.map(this.nameOf).join(', '))));
      }
    };
    primary.addEventListener('change', () => {
      prefs.primary = primary.value;
      if (!prefs.supported.includes(prefs.primary)) prefs.supported = [prefs.primary, ...prefs.supported];
      drawCoverage();
    });
    drawCoverage();
    this.redrawCoverage = drawCoverage;
    return h('section', {'aria-labelledby': 'lang-h'}, h('h2', {id: 'lang-h'}, 'Languages'),
      h('div', {class: 'field'}, h('label', {for: 'primary-language'}, 'Primary language'), primary, primaryError),
      h('table', {id: 'languages', class: 'compact'},
        h('caption', {}, 'The seed\'s 26 languages: tick the ones this personality speaks. "Your chain" is who would speak it now.'),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Speaks'), h('th', {scope: 'col'}, 'Language'),
          h('th', {scope: 'col'}, 'Your chain'), h('th', {scope: 'col'}, 'Installed providers'), h('th', {scope: 'col'}, 'Seed lists'))),
        coverage), supportedError);
  }

  // ---- save

  clearErrors() {
    clear(this.problems);
    this.problems.removeAttribute('role');
    for (const f of this.fields.values()) {
      if (f.input) f.input.removeAttribute('aria-invalid');
      f.error.textContent = '';
    }
  }

  /** The registered field for a JSON path: itself, else its nearest parent (fallback_chain[1] -> fallback_chain). */
  fieldFor(path) {
    let p = path;
    while (p) {
      if (this.fields.has(p)) return this.fields.get(p);
      if (p.endsWith(']')) p = p.slice(0, p.lastIndexOf('['));
      else if (p.includes('.')) p = p.slice(0, p.lastIndexOf('.'));
      else return null;
    }
    return null;
  }

  showProblems(problems, heading) {
    const items = [];
    let first = null;
    for (const raw of problems) {
      const m = /^(?:(ERROR|WARNING) )?([A-Za-z0-9_.[\]-]+): ([\s\S]*)$/.exec(raw);
      const path = m ? m[2] : null;
      const message = m ? m[3] : raw;
      const field = path && this.fieldFor(path);
      if (field) {
        field.error.textContent = field.error.textContent ? `${field.error.textContent} ${message}` : message;
        if (field.input) field.input.setAttribute('aria-invalid', 'true');
        first = first || field.input || field.error;
      }
      const target = field && field.input ? field.input.id : null;
      items.push(h('li', {}, path ? h('code', {}, path) : null, path ? ': ' : null, message,
        target ? [' ', h('a', {href: `#${target}`, onclick: (ev) => { ev.preventDefault(); field.input.focus(); }}, 'Go to the field')] : null));
    }
    this.problems.setAttribute('role', 'alert');
    this.problems.append(h('div', {class: 'problems'}, h('h2', {}, heading), h('ul', {}, items)));
    (first && first.focus ? first : this.problems).focus();
  }

  async save() {
    this.clearErrors();
    this.status.textContent = '';
    const local = [];
    for (const [path, f] of this.fields) {
      if (f.check) {
        const problem = f.check();
        if (problem) local.push(`${path}: ${problem}`);
      }
    }
    if (local.length) {
      this.showProblems(local, `Fix ${local.length} problem${local.length === 1 ? '' : 's'} before saving`);
      return;
    }
    this.status.textContent = 'Saving…';
    try {
      const saved = await putIfMatch(`/api/personalities/${enc(this.id)}`, this.config, this.etag);
      announce(`Saved the voice of ${this.id}`);
      this.onSaved(saved.body, saved.etag);
    } catch (e) {
      this.status.textContent = '';
      if (changedElsewhere(e)) {
        this.problems.append(changedElsewhereBox(`The voice of ${this.id}`, () => this.onReload()));
        this.problems.focus();
      } else if (e instanceof ApiError && e.status === 422 && e.problems.length) {
        this.showProblems(e.problems, `The server found ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}`);
      } else {
        this.problems.append(errorBox(e));
      }
    }
  }
}

/** A provider's sample durations from /api/providers, or null when it takes no sample. */
export function sampleRequirements(spec) {
  const r = spec && spec.sample_requirements;
  if (!r) return null;
  const pick = (a, b) => (r[a] !== undefined ? r[a] : r[b]);
  return {min: pick('min_seconds', 'minSeconds'), optimalMin: pick('optimal_min_seconds', 'optimalMinSeconds'),
    optimalMax: pick('optimal_max_seconds', 'optimalMaxSeconds'), max: pick('max_seconds', 'maxSeconds')};
}
