// The fallback chain editor: an ordered list that mouse (drag the row) and keyboard (Alt+Up/Down on
// a row, or its Move buttons) reorder, with add and remove. Pointer events, not HTML5 drag and
// drop: they work the same for mouse, pen and touch.
import {h, clear, announce} from './dom.js';

/**
 * @param order     the provider ids, first tried first (copied)
 * @param addable   () => ids that may be added (not already in the chain)
 * @param nameOf    id => display name
 * @param onChange  order => void, after every change
 */
export function chainEditor({order, addable, nameOf, onChange}) {
  let items = [...order];
  const list = h('ol', {id: 'chain', class: 'chain', 'aria-describedby': 'chain-help'});
  const addSelect = h('select', {id: 'chain-add-select'});
  const addButton = h('button', {type: 'button', id: 'chain-add'}, 'Add to chain');
  const root = h('div', {class: 'chain-editor'},
    h('p', {id: 'chain-help', class: 'help'},
      'Tried in this order until one speaks. Drag a row with the mouse, or focus it and press Alt+Up / Alt+Down; the buttons do the same.'),
    list,
    h('div', {class: 'row'}, h('label', {for: 'chain-add-select'}, 'Add a provider'), addSelect, addButton));

  function changed(focusId, focusPart) {
    onChange([...items]);
    draw();
    if (focusId) {
      const li = list.querySelector(`li[data-provider="${CSS.escape(focusId)}"]`);
      const target = li && (focusPart ? li.querySelector(`[data-part="${focusPart}"]:not([disabled])`) || li : li);
      if (target) target.focus();
    }
  }

  function move(id, to, focusPart) {
    const from = items.indexOf(id);
    if (from < 0 || to < 0 || to >= items.length || to === from) return;
    items.splice(from, 1);
    items.splice(to, 0, id);
    announce(`${nameOf(id)} moved to position ${to + 1} of ${items.length}`);
    changed(id, focusPart);
  }

  function draw() {
    clear(list);
    items.forEach((id, i) => {
      const li = h('li', {tabindex: '0', dataset: {provider: id}, 'aria-label': `${i + 1}. ${nameOf(id)}`},
        h('span', {class: 'grip', 'aria-hidden': 'true'}, '⠿'),
        h('span', {class: 'pos', 'aria-hidden': 'true'}, `${i + 1}.`),
        h('span', {class: 'name', 'aria-hidden': 'true'}, nameOf(id)),
        h('span', {class: 'actions'},
          h('button', {type: 'button', dataset: {part: 'up'}, disabled: i === 0, 'aria-label': `Move ${nameOf(id)} up`,
            onclick: () => move(id, i - 1, 'up')}, '↑'),
          h('button', {type: 'button', dataset: {part: 'down'}, disabled: i === items.length - 1,
            'aria-label': `Move ${nameOf(id)} down`, onclick: () => move(id, i + 1, 'down')}, '↓'),
          h('button', {type: 'button', dataset: {part: 'remove'}, 'aria-label': `Remove ${nameOf(id)} from the chain`,
            onclick: () => {
              items = items.filter((x) => x !== id);
              announce(`${nameOf(id)} removed from the chain`);
              changed(items[Math.min(i, items.length - 1)]);
            }}, 'Remove')));
      li.addEventListener('keydown', (ev) => {
        if (ev.target !== li || !ev.altKey) return;
        if (ev.key === 'ArrowUp') { ev.preventDefault(); move(id, i - 1); }
        if (ev.key === 'ArrowDown') { ev.preventDefault(); move(id, i + 1); }
      });
      li.addEventListener('pointerdown', (ev) => startDrag(ev, li, id));
      list.append(li);
    });
    if (items.length === 0) list.append(h('li', {class: 'empty'}, 'No provider: nothing can speak. Add one below.'));
    clear(addSelect);
    const options = addable(items);
    options.forEach((id) => addSelect.append(h('option', {value: id}, nameOf(id))));
    addSelect.disabled = options.length === 0;
    addButton.disabled = options.length === 0;
  }

  function startDrag(ev, li, id) {
    if (ev.button !== 0 || ev.target.closest('button')) return;
    ev.preventDefault();
    li.classList.add('dragging');
    li.focus();
    const onMove = (e) => {
      const rows = [...list.querySelectorAll('li[data-provider]')].filter((x) => x !== li);
      const before = rows.find((r) => { const b = r.getBoundingClientRect(); return e.clientY < b.top + b.height / 2; });
      if (before) { if (li.nextElementSibling !== before) list.insertBefore(li, before); }
      else if (list.lastElementChild !== li) list.append(li);
    };
    const onUp = () => {
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('pointerup', onUp);
      li.classList.remove('dragging');
      const next = [...list.querySelectorAll('li[data-provider]')].map((x) => x.dataset.provider);
      if (next.join() !== items.join()) {
        items = next;
        announce(`${nameOf(id)} moved to position ${items.indexOf(id) + 1} of ${items.length}`);
        changed(id);
      }
    };
    document.addEventListener('pointermove', onMove);
    document.addEventListener('pointerup', onUp);
  }

  addButton.addEventListener('click', () => {
    const id = addSelect.value;
    if (!id || items.includes(id)) return;
    items.push(id);
    announce(`${nameOf(id)} added to the chain at position ${items.length}`);
    changed(id);
  });

  draw();
  return {
    element: root,
    /** Sets the order from outside (choosing an active model puts it first when it was missing). */
    set(next) { items = [...next]; draw(); },
  };
}
