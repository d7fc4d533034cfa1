/** A field's label above it, as antd's vertical form lays it out. */
export const labelStyle = { display: 'block', paddingBottom: 8, lineHeight: 1.5715 } as const;
