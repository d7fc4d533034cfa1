import { createContext, lazy, useContext, useMemo, useRef, type ReactNode } from 'react';
import type { MessageInstance } from 'antd/es/message/interface';
import { AfterFirstPaint } from '../components/AfterFirstPaint';
import { Antd } from './Antd';

const MessageHolder = lazy(() => import('./MessageHolder'));

const Ctx = createContext<MessageInstance | null>(null);

/**
 * The short confirmations ("saved", "submitted") with the theme and locale of antd's ConfigProvider.
 * In place of antd's App, which would bring its modal and notification APIs into the first screen's
 * bundle; a screen that needs a confirm dialog takes Modal.useModal() itself. antd's message API and
 * its holder load after the first paint (see ./Antd); until then, a message asked for is not shown.
 */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const loaded = useRef<MessageInstance | null>(null);
  const api = useMemo(() => {
    const call =
      (name: keyof MessageInstance) =>
      (...args: unknown[]) =>
        (loaded.current?.[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    return {
      info: call('info'),
      success: call('success'),
      error: call('error'),
      warning: call('warning'),
      loading: call('loading'),
      open: call('open'),
      destroy: call('destroy'),
    } as MessageInstance;
  }, []);
  const onReady = useMemo(() => (a: MessageInstance | null) => (loaded.current = a), []);
  return (
    <Ctx.Provider value={api}>
      <AfterFirstPaint>
        <Antd>
          <MessageHolder onReady={onReady} />
        </Antd>
      </AfterFirstPaint>
      {children}
    </Ctx.Provider>
  );
}

export function useMessage(): MessageInstance {
  const v = useContext(Ctx);
  if (!v) throw new Error('FeedbackProvider missing');
  return v;
}
