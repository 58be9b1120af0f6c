import { afterAll, beforeAll } from 'vitest';
import { refreshEnv } from '@/server/env';
import { closeMail } from '@/server/mail/send-mail';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture';

/** Points the app's mail at an in-process SMTP server for this test file. */
export function withSmtpCapture(): () => SmtpCapture {
  let smtp: SmtpCapture | undefined;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    process.env.SMTP_URL = smtp.url;
    refreshEnv();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    refreshEnv();
    closeMail();
    await smtp?.stop();
  });
  return () => {
    if (!smtp) throw new Error('SMTP capture not started');
    return smtp;
  };
}
