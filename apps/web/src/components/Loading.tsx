/** While a screen or the session loads: plain markup, so the first paint computes no component styles. */
export function Loading() {
  return (
    <div role="status" aria-busy="true" style={{ padding: 48, textAlign: 'center', color: 'rgba(0,0,0,0.45)' }}>
      …
    </div>
  );
}
