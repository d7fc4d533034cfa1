/**
 * Delivery settings from the environment:
 *   CARENET_SMTP_URL   smtp://user:pass@host:587 (smtps:// for TLS); unset: no e-mail is sent
 *   CARENET_SMTP_FROM  the sender address (default carenet@localhost)
 */
export interface NotificationSettings {
  smtpUrl: string | null;
  smtpFrom: string;
}

export function notificationSettingsFrom(env: Record<string, string | undefined>): NotificationSettings {
  const problems: string[] = [];
  const smtpUrl = env.CARENET_SMTP_URL?.trim() || null;
  if (smtpUrl !== null) {
    let ok = false;
    try {
      ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push('CARENET_SMTP_URL: must be smtp://[user:pass@]host[:port] or smtps://…');
  }
  const smtpFrom = env.CARENET_SMTP_FROM?.trim() || 'carenet@localhost';
  if (!/^[^@\s]+@[^@\s]+$/.test(smtpFrom)) problems.push('CARENET_SMTP_FROM: must be an e-mail address');
  if (problems.length) throw new Error(problems.join('; '));
  return { smtpUrl, smtpFrom };
}
