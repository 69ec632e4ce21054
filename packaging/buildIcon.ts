/**
 * Draws the app icon (packaging/icon.png, 512 × 512, which electron-builder turns into the
 * Windows .ico and the Linux icon set): a county outline filled with the five census risk
 * grades, red (高) to green (低), on a dark rounded square. Run `npx tsx packaging/buildIcon.ts`
 * after changing it; the PNG is committed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { SCHEMES } from '../src-shared/schemes';

const SIZE = 512;
const canvas = createCanvas(SIZE, SIZE);
const g = canvas.getContext('2d');
g.fillStyle = '#1F3A5F';
g.beginPath();
g.roundRect(16, 16, SIZE - 32, SIZE - 32, 96);
g.fill();

// A county-like outline: a closed wobbly polygon around the centre.
const outline: [number, number][] = [];
for (let i = 0; i < 24; i++) {
  const a = (i / 24) * Math.PI * 2;
  const r = 170 + 28 * Math.sin(3 * a) + 14 * Math.cos(5 * a);
  outline.push([SIZE / 2 + r * Math.cos(a), SIZE / 2 + r * Math.sin(a)]);
}
g.save();
g.beginPath();
outline.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
g.closePath();
g.clip();
// Five grade bands around the high-risk corner (top left): low (green) drawn first and
// farthest, high (red) last and nearest.
[...SCHEMES.high5!.colors].reverse().forEach((colour, i) => {
  g.fillStyle = colour;
  g.beginPath();
  g.moveTo(0, 0);
  const reach = (0.75 + 0.22 * (4 - i)) * SIZE;
  g.lineTo(reach, 0);
  g.bezierCurveTo(reach * 0.7, reach * 0.25, reach * 0.25, reach * 0.7, 0, reach);
  g.closePath();
  g.fill();
});
g.restore();
g.strokeStyle = '#FFFFFF';
g.lineWidth = 14;
g.lineJoin = 'round';
g.beginPath();
outline.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
g.closePath();
g.stroke();

const file = join(import.meta.dirname, 'icon.png');
writeFileSync(file, canvas.toBuffer('image/png'));
console.log(`wrote ${file}`);
