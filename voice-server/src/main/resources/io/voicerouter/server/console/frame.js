// The heading and tabs every personality page shares.
import {h} from './dom.js';
import {enc} from './api.js';

const TABS = [['voice', 'Voice'], ['samples', 'Voice samples'], ['try', 'Try it']];

export function personalityFrame(id, current, title) {
  return [
    h('p', {class: 'crumbs'}, h('a', {href: '#/personalities'}, 'Personalities'), ' / ', id),
    h('h1', {tabindex: '-1'}, `${title}: ${id}`),
    h('nav', {'aria-label': 'Personality', class: 'tabs'}, h('ul', {},
      TABS.map(([slug, label]) => h('li', {}, h('a', {
        href: `#/p/${enc(id)}/${slug}`, id: `tab-${slug}`,
        'aria-current': slug === current ? 'page' : null,
      }, label))))),
  ];
}
