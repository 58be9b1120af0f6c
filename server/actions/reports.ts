'use server';

import { refreshReportsRequestSchema } from '@/lib/schemas/reports';
import { action } from '@/server/http/action';
import { refreshReportsByHand } from '@/server/reports/refresh-report-rollups';

/** Managers and admins, after 2FA: the reports brought up to date now (audited). */
export const refreshReportsAction = action(
  { input: refreshReportsRequestSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => refreshReportsByHand({ viewer, full: input.full }),
);
