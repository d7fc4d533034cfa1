/**
 * A 12-month figure as a tiny inline SVG line (no chart library): straight segments between the months,
 * scaled to the series' own range, the last month marked. Its label reads the months and values out.
 */
export function Sparkline({ points, label, width = 96, height = 24 }: { points: { period: string; value: number }[]; label: string; width?: number; height?: number }) {
  if (points.length < 2) return null;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pad = 2;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / span);
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]!;
  return (
    <svg role="img" aria-label={`${label}：${points.map((p) => `${p.period} ${p.value}`).join('，')}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ verticalAlign: 'middle' }}>
      <polyline points={coords} fill="none" stroke="#c0392b" strokeWidth={1.5} strokeLinejoin="round" />
      <circle cx={x(points.length - 1)} cy={y(last.value)} r={2} fill="#c0392b" />
    </svg>
  );
}
