// Personalities: the list, and a form to create one with a starting model.
import {api, enc, ApiError} from './api.js';
import {h, clear, announce, errorBox} from './dom.js';
import {providerName} from './catalog.js';

const ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}';

export async function render(main) {
  const [list, providers] = await Promise.all([api('GET', '/api/personalities'), api('GET', '/api/providers')]);
  const installed = providers.data;
  main.append(
    h('h1', {tabindex: '-1'}, 'Personalities'),
    h('p', {}, 'Each personality has a voice: the model that speaks, the fallback chain after it, its settings, languages and voice samples.'),
    listSection(list.data, installed),
    createSection(installed));
}

function listSection(rows, providers) {
  if (rows.length === 0) {
    return h('section', {'aria-labelledby': 'list-h'}, h('h2', {id: 'list-h'}, 'Your personalities'),
      h('p', {id: 'no-personalities'}, 'None yet: create the first one below.'));
  }
  return h('section', {'aria-labelledby': 'list-h'}, h('h2', {id: 'list-h'}, 'Your personalities'),
    h('table', {id: 'personalities'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Personality'), h('th', {scope: 'col'}, 'Active model'),
        h('th', {scope: 'col'}, 'Open'))),
      h('tbody', {}, rows.map((p) => h('tr', {dataset: {id: p.id}},
        h('th', {scope: 'row'}, h('a', {href: `#/p/${enc(p.id)}/voice`}, p.id)),
        h('td', {}, providerName(p.active_provider, providers)),
        h('td', {class: 'links'},
          h('a', {href: `#/p/${enc(p.id)}/voice`, 'aria-label': `Voice of ${p.id}`}, 'Voice'),
          h('a', {href: `#/p/${enc(p.id)}/samples`, 'aria-label': `Voice samples of ${p.id}`}, 'Samples'),
          h('a', {href: `#/p/${enc(p.id)}/try`, 'aria-label': `Try ${p.id}`}, 'Try it')))))));
}

function createSection(providers) {
  const idInput = h('input', {id: 'new-id', name: 'id', required: true, pattern: ID_PATTERN, maxlength: 64,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'new-id-help new-id-error'});
  const idError = h('p', {id: 'new-id-error', class: 'field-error', 'aria-live': 'polite'});
  const model = h('select', {id: 'new-model', name: 'model'},
    providers.map((p) => h('option', {value: p.id}, providerName(p.id, providers))));
  const status = h('div', {id: 'create-status'});
  const form = h('form', {id: 'create-form', novalidate: true, class: 'card'},
    h('div', {class: 'field'}, h('label', {for: 'new-id'}, 'Id'), idInput,
      h('p', {id: 'new-id-help', class: 'help'}, '1-64 letters, digits, ".", "_" or "-", starting with a letter or digit. Hosts and the speech API name the personality by it.'),
      idError),
    h('div', {class: 'field'}, h('label', {for: 'new-model'}, 'Starting model'), model,
      h('p', {class: 'help'}, 'You can change the model, add fallbacks and settings on the next page.')),
    h('button', {type: 'submit', id: 'create', class: 'primary'}, 'Create personality'), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(status);
    idError.textContent = '';
    idInput.removeAttribute('aria-invalid');
    const id = idInput.value.trim();
    if (!new RegExp(`^${ID_PATTERN}$`).test(id)) {
      fieldError(idInput, idError, id ? 'Use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.' : 'Enter an id.');
      return;
    }
    const p = model.value;
    const config = {
      active_provider: p,
      providers: {[p]: {enabled: true}},
      fallback_chain: [p],
      languages: {primary: 'en', supported: ['en']},
    };
    try {
      await api('POST', `/api/personalities/${enc(id)}`, config);
      announce(`Created ${id}`);
      location.hash = `#/p/${enc(id)}/voice`;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.param === 'id')) {
        fieldError(idInput, idError, e.status === 409 ? `"${id}" exists already: pick another id or open it above.` : e.message);
      } else {
        status.append(errorBox(e));
      }
    }
  });
  return h('section', {'aria-labelledby': 'create-h'}, h('h2', {id: 'create-h'}, 'Create a personality'), form);
}

function fieldError(input, box, text) {
  input.setAttribute('aria-invalid', 'true');
  box.textContent = text;
  input.focus();
}
