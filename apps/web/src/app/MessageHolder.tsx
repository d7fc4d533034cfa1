import { useEffect } from 'react';
import { message } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';

/** antd's message API and its holder, handed to the FeedbackProvider (./feedback) once loaded. */
export default function MessageHolder({ onReady }: { onReady(api: MessageInstance | null): void }) {
  const [api, holder] = message.useMessage();
  useEffect(() => {
    onReady(api);
    return () => onReady(null);
  }, [api, onReady]);
  return holder;
}
