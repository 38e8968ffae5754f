// A waveform picture from min/max peaks (the server's /peaks endpoint), on a canvas.
import {h} from './dom.js';

export function waveform(peaks, label) {
  const width = 600;
  const height = 80;
  const canvas = h('canvas', {width, height, role: 'img', class: 'waveform', 'aria-label': label});
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f1f5f9';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#94a3b8';
  ctx.beginPath();
  ctx.moveTo(0, height / 2);
  ctx.lineTo(width, height / 2);
  ctx.stroke();
  ctx.fillStyle = '#1d4ed8';
  const n = peaks.max.length;
  const bar = width / n;
  for (let i = 0; i < n; i++) {
    const top = (1 - Math.max(0, Math.min(1, peaks.max[i]))) * height / 2;
    const bottom = (1 - Math.max(-1, Math.min(0, peaks.min[i]))) * height / 2;
    ctx.fillRect(i * bar, top, Math.max(1, bar), Math.max(1, bottom - top));
  }
  return canvas;
}
