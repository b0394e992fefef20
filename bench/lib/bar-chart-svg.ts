// A small grouped horizontal bar chart as SVG text: one group per label, one
// bar per series. Written by hand because it is a few rectangles; a charting
// library would bring a browser-side renderer for this one picture.
export interface BarGroup {
  label: string;
  /** One value per series, in series order. */
  values: number[];
  /** Optional marker per series (drawn as a thin tick), e.g. "first shown". */
  markers?: (number | undefined)[];
}

export function barChartSvg(opts: { title: string; unit: string; series: string[]; groups: BarGroup[] }): string {
  const colors = ['#2f6f5e', '#c58b2a', '#4a6fa5', '#a54a4a'];
  const labelWidth = 190;
  const chartWidth = 560;
  const barHeight = 16;
  const groupGap = 14;
  const top = 56;
  const max = Math.max(1, ...opts.groups.flatMap((g) => g.values));
  const scale = (v: number) => (v / max) * chartWidth;
  const groupHeight = opts.series.length * barHeight + groupGap;
  const height = top + opts.groups.length * groupHeight + 40;
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts: string[] = [];
  parts.push(`<text x="12" y="24" font-size="16" font-weight="600">${esc(opts.title)}</text>`);
  opts.series.forEach((name, i) => {
    const x = labelWidth + i * 170;
    parts.push(`<rect x="${x}" y="36" width="12" height="12" fill="${colors[i % colors.length]}"/>`);
    parts.push(`<text x="${x + 18}" y="46" font-size="12">${esc(name)}</text>`);
  });
  opts.groups.forEach((group, g) => {
    const y0 = top + g * groupHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y0 + (opts.series.length * barHeight) / 2 + 4}" font-size="13" text-anchor="end">${esc(group.label)}</text>`);
    group.values.forEach((value, i) => {
      const y = y0 + i * barHeight;
      const w = Math.max(1, scale(value));
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${colors[i % colors.length]}"/>`);
      parts.push(`<text x="${labelWidth + w + 4}" y="${y + barHeight - 5}" font-size="11">${Math.round(value)} ${esc(opts.unit)}</text>`);
      const marker = group.markers?.[i];
      if (marker !== undefined && marker < value) {
        parts.push(`<rect x="${(labelWidth + scale(marker)).toFixed(1)}" y="${y - 1}" width="2" height="${barHeight - 1}" fill="#111"/>`);
      }
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 90}" height="${height}" font-family="system-ui, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
<text x="12" y="${height - 12}" font-size="11" fill="#555">Black tick: the order first on screen (pending or from Postgres). Bar end: confirmed by the read model.</text>
</svg>
`;
}
