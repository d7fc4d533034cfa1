import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths the API answers itself; everything else that asks for HTML is the web app. */
const API_PREFIXES = ['/graphql', '/health', '/exports', '/admin/queues', '/metrics'];

export function isAppRoute(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (API_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return false;
  return !path.extname(req.path) && req.accepts(['html', 'json']) === 'html';
}

/**
 * The built web app (`npm run build` writes dist/web) at `/`: its files, with long caching for the
 * hashed assets, and index.html for any deep link (`/units/520102/2026-10`) so a reload lands on the
 * right screen. Without a build nothing is mounted.
 */
export function mountWebApp(app: NestExpressApplication, dir = process.env.CARENET_WEB_DIR ?? path.resolve('dist/web')): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isAppRoute(req)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
