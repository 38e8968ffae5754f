// A provider's settings form, generated from its settings schema (/api/providers: name, type,
// description, default, min/max, choices), with the browser's own check of each value. The server
// checks again on save; its problems are shown at the same fields (see voice.js).
import {h} from './dom.js';

/** The browser's verdict on one raw value: an error message, or null when it is fine (or empty). */
export function checkSetting(spec, raw) {
  if (raw === '' || raw === null || raw === undefined) return null; // empty: the default applies
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw);
      if (!Number.isFinite(n)) return `Enter a number${range(spec)}.`;
      if (spec.type === 'integer' && !Number.isInteger(n)) return `Enter a whole number${range(spec)}.`;
      if ((spec.min !== undefined && spec.min !== null && n < spec.min)
          || (spec.max !== undefined && spec.max !== null && n > spec.max)) return `Must be${range(spec)}; ${raw} is outside.`;
      return null;
    }
    case 'choice':
      return spec.choices && !spec.choices.includes(raw) ? `Pick one of ${spec.choices.join(', ')}.` : null;
    default:
      return null;
  }
}

function range(spec) {
  const has = (x) => x !== undefined && x !== null;
  if (has(spec.min) && has(spec.max)) return ` from ${spec.min} to ${spec.max}`;
  if (has(spec.min)) return ` of at least ${spec.min}`;
  if (has(spec.max)) return ` of at most ${spec.max}`;
  return '';
}

/** The typed value to store for a raw field value (numbers as numbers); undefined removes it. */
export function parseSetting(spec, raw) {
  if (raw === '' || raw === null || raw === undefined) return undefined;
  if (spec.type === 'number' || spec.type === 'integer') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw; // an unparsable value is sent as typed, and the server says why
  }
  if (spec.type === 'boolean') return Boolean(raw);
  return raw;
}

/**
 * One field for one setting. `field(path, input, errorBox)` registers it so server problems at
 * `path` land there. Returns the wrapper element.
 */
export function settingField(providerId, spec, value, {onValue, register}) {
  const path = `providers.${providerId}.settings.${spec.name}`;
  const id = `set-${providerId}-${spec.name}`;
  const helpId = `${id}-help`;
  const errId = `${id}-error`;
  const describe = `${helpId} ${errId}`;
  const error = h('p', {id: errId, class: 'field-error', 'aria-live': 'polite'});
  let input;
  const common = {id, name: spec.name, 'aria-describedby': describe, dataset: {path}};
  if (spec.type === 'boolean') {
    input = h('input', {...common, type: 'checkbox', checked: value === undefined ? Boolean(spec.default) : Boolean(value)});
  } else if (spec.type === 'choice') {
    input = h('select', common, h('option', {value: ''}, `Default (${spec.default})`),
      (spec.choices || []).map((c) => h('option', {value: c, selected: value === c}, c)));
  } else if (spec.type === 'number' || spec.type === 'integer') {
    input = h('input', {...common, type: 'number', inputmode: spec.type === 'integer' ? 'numeric' : 'decimal',
      min: spec.min ?? null, max: spec.max ?? null, step: spec.type === 'integer' ? '1' : 'any',
      placeholder: spec.default === null || spec.default === undefined ? '' : String(spec.default),
      value: value === undefined ? '' : String(value)});
  } else {
    input = h('input', {...common, type: 'text', placeholder: spec.default ? String(spec.default) : '',
      value: value === undefined ? '' : String(value), spellcheck: 'false'});
  }
  const check = () => {
    const raw = spec.type === 'boolean' ? input.checked : input.value;
    const problem = checkSetting(spec, raw);
    showError(input, error, problem);
    onValue(spec.name, spec.type === 'boolean' ? raw : parseSetting(spec, raw));
    return problem;
  };
  input.addEventListener(spec.type === 'boolean' || spec.type === 'choice' ? 'change' : 'input', check);
  register(path, {input, error, check});
  const facts = [];
  if (spec.type === 'number' || spec.type === 'integer') facts.push(`${spec.type === 'integer' ? 'whole number' : 'number'}${range(spec)}`);
  if (spec.default !== null && spec.default !== undefined && spec.default !== '') facts.push(`default ${spec.default}`);
  return h('div', {class: spec.type === 'boolean' ? 'field check' : 'field'},
    h('label', {for: id}, spec.name.replaceAll('_', ' ')),
    input,
    h('p', {id: helpId, class: 'help'}, spec.description || '', facts.length ? ` (${facts.join('; ')})` : ''),
    error);
}

export function showError(input, box, problem) {
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    box.textContent = problem;
  } else {
    input.removeAttribute('aria-invalid');
    box.textContent = '';
  }
}
