/**
 * The values of antd's theme (its defaults with the app's primary colour, as the ConfigProvider in
 * App.tsx sets it) that the entry screen's plain markup uses. Constants, so that the screen's first
 * render does not ask antd's theme for them: its first computation would stand before the form.
 */
export const LOOK = {
  colorPrimary: '#c0392b',
  colorText: 'rgba(0,0,0,0.88)',
  colorTextHeading: 'rgba(0,0,0,0.88)',
  colorTextSecondary: 'rgba(0,0,0,0.65)',
  colorError: '#ff4d4f',
  colorSplit: 'rgba(5,5,5,0.06)',
  colorBorderSecondary: '#f0f0f0',
  colorBgContainer: '#ffffff',
  borderRadiusLG: 8,
  fontSize: 14,
  lineHeight: 1.5714285714285714,
  fontSizeHeading3: 24,
  lineHeightHeading3: 1.3333333333333333,
  fontWeightStrong: 600,
} as const;
