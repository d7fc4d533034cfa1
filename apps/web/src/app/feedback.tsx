import { createContext, useContext, type ReactNode } from 'react';
import { message } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { AfterFirstPaint } from '../components/AfterFirstPaint';
import { Antd } from './Antd';

const Ctx = createContext<MessageInstance | null>(null);

/**
 * The short confirmations ("saved", "submitted") with the theme and locale of the ConfigProvider above.
 * In place of antd's App, which would bring its modal and notification APIs into the first screen's
 * bundle; a screen that needs a confirm dialog takes Modal.useModal() itself. The messages' holder, in
 * antd's theme, comes after the first paint (see ./Antd).
 */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [api, holder] = message.useMessage();
  return (
    <Ctx.Provider value={api}>
      <AfterFirstPaint>
        <Antd>{holder}</Antd>
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
