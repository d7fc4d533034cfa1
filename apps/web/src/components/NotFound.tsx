import { lazy } from 'react';

/** The not-found page (antd Result, with its illustrations) loads only when it is shown. */
export const NotFoundPage = lazy(() => import('./NotFoundPage').then((m) => ({ default: m.NotFoundPage })));
