import type { ReactNode } from 'react';
import { ConfigProvider, type ThemeConfig } from 'antd';
import { useI18n } from './i18n';

const THEME: ThemeConfig = { token: { colorPrimary: '#c0392b' } };
const BUTTON = { autoInsertSpace: false };

/** antd's ConfigProvider with the app's theme and the language's locale (see ./Antd). */
export default function AntdProvider({ children }: { children: ReactNode }) {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} theme={THEME} button={BUTTON}>
      {children}
    </ConfigProvider>
  );
}
