import { notificationSettingsFrom } from './notification-settings.js';

describe('notification settings', () => {
  it.each([
    [{}, { smtpUrl: null, smtpFrom: 'carenet@localhost' }],
    [{ CARENET_SMTP_URL: 'smtp://127.0.0.1:2525', CARENET_SMTP_FROM: 'a@b.cn' }, { smtpUrl: 'smtp://127.0.0.1:2525', smtpFrom: 'a@b.cn' }],
  ])('%j', (env, settings) => {
    expect(notificationSettingsFrom(env)).toEqual(settings);
  });
  it.each([
    [{ CARENET_SMTP_URL: 'http://x' }, 'CARENET_SMTP_URL: must be smtp://'],
    [{ CARENET_SMTP_URL: 'not a url' }, 'CARENET_SMTP_URL: must be smtp://'],
    [{ CARENET_SMTP_FROM: 'nobody' }, 'CARENET_SMTP_FROM: must be an e-mail address'],
  ])('refuses %j', (env, message) => {
    expect(() => notificationSettingsFrom(env)).toThrow(message);
  });
});
