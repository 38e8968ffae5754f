// The seed's "Voice Model Performance": per model requests, success, latency and cache; time to
// first audio; a latency chart over time; character use and the cloud quotas as bars.
import {api} from './api.js';
import {h, clear, fmtInt, fmtPct, fmtMs, fmtNum} from './dom.js';
import {providerName, QUOTA_BUCKETS, CLOUD_PROVIDERS} from './catalog.js';

const REFRESH_MS = 5000;
const COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d'];

export async function render(main) {
  const body = h('div', {id: 'dashboard'});
  const refreshed = h('p', {class: 'help', id: 'refreshed', 'aria-live': 'off'});
  main.append(h('h1', {tabindex: '-1'}, 'Voice model performance'),
    h('div', {class: 'row'}, h('button', {type: 'button', id: 'refresh', onclick: () => load()}, 'Refresh'), refreshed),
    body);
  let providers = [];
  const load = async () => {
    const [stats, history, installed] = await Promise.all([
      api('GET', '/api/stats'), api('GET', `/api/stats/history?since=${Date.now() - 3600_000}`), api('GET', '/api/providers')]);
    providers = installed.data;
    clear(body).append(...draw(stats, history.data, providers));
    refreshed.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
  };
  await load();
  const timer = setInterval(() => { if (!document.hidden) load().catch(() => {}); }, REFRESH_MS);
  return () => clearInterval(timer);
}

function draw(stats, history, providers) {
  const nameOf = (p) => providerName(p, providers);
  const proc = stats.this_process || {};
  const ids = Object.keys(proc).filter((p) => proc[p].requests > 0 || proc[p].cache_hits > 0);
  return [modelTable(proc, ids, nameOf), firstAudio(proc, ids, nameOf), chart(history, nameOf),
    usage(stats, proc, providers, nameOf), database(stats.global || {}, nameOf)];
}

function modelTable(proc, ids, nameOf) {
  const section = h('section', {'aria-labelledby': 'perf-h'}, h('h2', {id: 'perf-h'}, 'Models (this server process)'));
  if (ids.length === 0) return section.append(h('p', {}, 'No requests yet: speak on a personality\'s Try it page.')), section;
  section.append(h('table', {id: 'performance'},
    h('thead', {}, h('tr', {}, ['Model', 'Requests', 'Success', 'Avg latency', 'p95 latency', 'Cache'].map((c, i) =>
      h('th', {scope: 'col', class: i ? 'num' : null}, c)))),
    h('tbody', {}, ids.map((p) => {
      const s = proc[p];
      const called = s.successes + s.failures;
      const lookups = s.cache_hits + s.cache_misses;
      return h('tr', {dataset: {provider: p}},
        h('th', {scope: 'row'}, nameOf(p)),
        h('td', {class: 'num'}, fmtInt(s.requests)),
        h('td', {class: 'num'}, called ? fmtPct(s.successes / called) : '—'),
        h('td', {class: 'num'}, s.successes ? fmtMs(s.avg_latency_ms) : '—'),
        h('td', {class: 'num'}, s.successes ? fmtMs(s.p95_latency_ms) : '—'),
        h('td', {class: 'num'}, lookups ? fmtPct(s.cache_hits / lookups) : '—'));
    }))),
  h('p', {class: 'help'}, 'Requests are the ones the model served or failed (answers from the cache count for the model they came from; skips, such as a model not installed, do not); success is over those; average latency is the seed\'s moving average.'));
  return section;
}

function firstAudio(proc, ids, nameOf) {
  const streamed = ids.filter((p) => proc[p].avg_first_audio_ms > 0);
  return h('section', {'aria-labelledby': 'ttfa-h'}, h('h2', {id: 'ttfa-h'}, 'Time to first audio'),
    streamed.length === 0
      ? h('p', {id: 'ttfa-none'}, 'No streamed request has been measured yet (the router measures it when it streams).')
      : h('ul', {id: 'ttfa', class: 'tiles'}, streamed.map((p) => h('li', {},
        h('span', {class: 'tile-title'}, nameOf(p)),
        h('span', {class: 'tile-value'}, fmtMs(proc[p].avg_first_audio_ms)),
        h('span', {class: 'help'}, `p50 ${fmtMs(proc[p].p50_first_audio_ms)} · p95 ${fmtMs(proc[p].p95_first_audio_ms)}`)))));
}

/** Latency of each finished request over the last hour, one colour per model, with the numbers as a table too. */
function chart(points, nameOf) {
  const section = h('section', {'aria-labelledby': 'chart-h'}, h('h2', {id: 'chart-h'}, 'Latency over time'));
  const ok = points.filter((p) => p.provider);
  if (ok.length === 0) return section.append(h('p', {id: 'chart-none'}, 'No requests in the last hour.')), section;
  const W = 720; const H = 240; const L = 56; const B = 28; const T = 10; const R = 10;
  const t0 = Math.min(...ok.map((p) => p.at)); const t1 = Math.max(...ok.map((p) => p.at), t0 + 1000);
  const maxMs = Math.max(10, ...ok.map((p) => p.latency_ms)) * 1.1;
  const x = (t) => L + (t - t0) / (t1 - t0) * (W - L - R);
  const y = (ms) => T + (1 - ms / maxMs) * (H - T - B);
  const models = [...new Set(ok.map((p) => p.provider))];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs, ...kids) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    kids.forEach((k) => el.append(k));
    return el;
  };
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'latency-chart', class: 'chart',
    'aria-labelledby': 'chart-title'});
  root.append(svg('title', {id: 'chart-title'}, `Latency of ${ok.length} requests since ${new Date(t0).toLocaleTimeString()}, up to ${fmtMs(Math.max(...ok.map((p) => p.latency_ms)))}`));
  for (let i = 0; i <= 4; i++) {
    const ms = maxMs * i / 4;
    root.append(svg('line', {x1: L, x2: W - R, y1: y(ms), y2: y(ms), class: 'grid'}),
      svg('text', {x: L - 6, y: y(ms) + 4, 'text-anchor': 'end', class: 'axis'}, fmtMs(ms)));
  }
  root.append(svg('text', {x: L, y: H - 8, class: 'axis'}, new Date(t0).toLocaleTimeString()),
    svg('text', {x: W - R, y: H - 8, 'text-anchor': 'end', class: 'axis'}, new Date(t1).toLocaleTimeString()));
  models.forEach((m, i) => {
    const mine = ok.filter((p) => p.provider === m);
    const color = COLORS[i % COLORS.length];
    root.append(svg('polyline', {points: mine.map((p) => `${x(p.at)},${y(p.latency_ms)}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 2}));
    mine.forEach((p) => root.append(svg('circle', {cx: x(p.at), cy: y(p.latency_ms), r: 3, fill: color})));
  });
  const failed = points.length - ok.length;
  section.append(...[root,
    h('ul', {class: 'legend'}, models.map((m, i) => h('li', {}, h('span', {class: 'swatch', style: null, dataset: {color: i % COLORS.length}}), nameOf(m)))),
    failed ? h('p', {class: 'warn'}, `${failed} request${failed === 1 ? '' : 's'} failed on every provider in this hour.`) : null,
    h('details', {}, h('summary', {}, 'The chart\'s data as a table'),
      h('table', {id: 'history', class: 'compact'},
        h('thead', {}, h('tr', {}, ['Time', 'Model', 'Personality', 'Latency', 'Cached'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, points.slice(-50).reverse().map((p) => h('tr', {},
          h('td', {}, new Date(p.at).toLocaleTimeString()), h('td', {}, p.provider ? nameOf(p.provider) : 'all failed'),
          h('td', {}, p.personality || '—'), h('td', {class: 'num'}, fmtMs(p.latency_ms)), h('td', {}, p.cached ? 'yes' : 'no'))))))]
    .filter(Boolean));
  return section;
}

/** Character use this month: the local total, and each cloud quota bucket against its free tier. */
function usage(stats, proc, providers, nameOf) {
  const month = new Date().toISOString().slice(0, 7);
  let local = 0;
  const buckets = {};
  for (const [p, s] of Object.entries(proc)) {
    const monthly = s.monthly_characters || {};
    const cloud = CLOUD_PROVIDERS.has(p) || (providers.find((x) => x.id === p) || {}).kind === 'cloud';
    if (!cloud) local += monthly[month] || 0;
    for (const [k, v] of Object.entries(monthly)) {
      if (k.startsWith(`${month}:`)) buckets[k.slice(month.length + 1)] = v;
    }
  }
  for (const p of providers) {
    if (p.kind !== 'cloud') continue;
    for (const name of Object.keys(QUOTA_BUCKETS)) if (name.startsWith(`${p.id}/`) && !(name in buckets)) buckets[name] = 0;
  }
  const bars = Object.entries(buckets).map(([name, used]) => {
    const known = QUOTA_BUCKETS[name];
    const label = known ? known.label : name;
    if (!known) return h('li', {}, `${label}: ${fmtInt(used)} characters (no published free tier)`);
    const share = used / known.limit;
    const id = `quota-${name.replace(/[^a-z0-9]/gi, '-')}`;
    return h('li', {class: 'quota'}, h('label', {for: id}, `${label}: ${fmtInt(used)} / ${fmtInt(known.limit)} (${fmtPct(share)} used)`),
      h('meter', {id, min: 0, max: known.limit, value: used, low: known.limit * 0.7, high: known.limit * 0.9, optimum: 0}));
  });
  return h('section', {'aria-labelledby': 'usage-h'}, h('h2', {id: 'usage-h'}, `Character usage in ${month}`),
    h('p', {id: 'local-usage'}, `Local models: ${fmtInt(local)} characters (no quota).`),
    bars.length ? h('ul', {id: 'quotas', class: 'quotas'}, bars)
      : h('p', {id: 'no-quotas'}, 'No cloud model is installed or used: nothing counts against a free tier.'),
    h('p', {class: 'help'}, 'Free tiers as the providers publish them (host overrides are not shown).'));
}

/** The seed's per-provider stats across every process on this database. */
function database(global, nameOf) {
  const ids = Object.keys(global);
  return h('section', {'aria-labelledby': 'db-h'}, h('h2', {id: 'db-h'}, 'All server processes (from the database)'),
    ids.length === 0 ? h('p', {}, 'Nothing recorded yet.') : h('table', {id: 'global-stats'},
      h('thead', {}, h('tr', {}, ['Model', 'Generations', 'Characters', 'Avg latency', 'Failures', 'Last used'].map((c, i) =>
        h('th', {scope: 'col', class: i && i < 5 ? 'num' : null}, c)))),
      h('tbody', {}, ids.map((p) => {
        const u = global[p];
        return h('tr', {}, h('th', {scope: 'row'}, nameOf(p)), h('td', {class: 'num'}, fmtInt(u.total_generations)),
          h('td', {class: 'num'}, fmtInt(u.total_characters)), h('td', {class: 'num'}, fmtMs(u.avg_latency_ms)),
          h('td', {class: 'num'}, fmtInt(u.failures)), h('td', {}, u.last_used ? u.last_used.replace('T', ' ').replace(/\..*|Z/, '') : '—'));
      }))));
}
