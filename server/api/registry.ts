import 'server-only';
import type { Operation } from '@/server/api/operation';
import { createApiTokenOp } from '@/server/api/operations/auth';
import {
  cancelBookingOp,
  downloadCalendarOp,
  downloadInvoiceOp,
  downloadTicketsOp,
  getBookingOp,
  listBookingsOp,
  listRefundsOp,
  retryRefundOp,
} from '@/server/api/operations/bookings';
import {
  listCinemasNearOp,
  listMovieReviewsOp,
  saveMovieReviewOp,
  searchMoviesOp,
} from '@/server/api/operations/catalog';
import {
  checkoutHoldOp,
  confirmPaymentOp,
  releaseHoldOp,
  startPaymentOp,
} from '@/server/api/operations/holds';
import { quotePriceOp } from '@/server/api/operations/pricing';
import {
  cancelShowtimeOp,
  getSeatMapOp,
  getWaitlistEntryOp,
  holdSeatsOp,
  joinWaitlistOp,
  leaveWaitlistOp,
  suggestBestSeatsOp,
} from '@/server/api/operations/showtimes';
import {
  acceptStaffInvitationOp,
  changeStaffRoleOp,
  inviteStaffOp,
  listCinemaStaffOp,
  revokeStaffOp,
  withdrawStaffInvitationOp,
} from '@/server/api/operations/staff';
import {
  expireHoldsOp,
  getHealthOp,
  getOpenApiDocumentOp,
  stripeWebhookOp,
} from '@/server/api/operations/system';
import { checkInTicketOp, getShowtimeManifestOp } from '@/server/api/operations/tickets';
import {
  blockSeatsOp,
  createCinemaOp,
  editScreenLayoutOp,
  getCinemaSettingsOp,
  listManagedCinemasOp,
  previewSeatBlockOp,
  updateCinemaOp,
  updateScreenOp,
} from '@/server/api/operations/venues';

// Every REST operation, in the order the reference lists them. The router serves exactly these,
// and the OpenAPI document describes exactly these.

export const API_OPERATIONS: readonly Operation[] = [
  createApiTokenOp,
  getSeatMapOp,
  suggestBestSeatsOp,
  holdSeatsOp,
  releaseHoldOp,
  checkoutHoldOp,
  startPaymentOp,
  confirmPaymentOp,
  joinWaitlistOp,
  getWaitlistEntryOp,
  leaveWaitlistOp,
  quotePriceOp,
  listBookingsOp,
  getBookingOp,
  cancelBookingOp,
  downloadTicketsOp,
  downloadInvoiceOp,
  downloadCalendarOp,
  cancelShowtimeOp,
  listRefundsOp,
  retryRefundOp,
  checkInTicketOp,
  getShowtimeManifestOp,
  listManagedCinemasOp,
  createCinemaOp,
  getCinemaSettingsOp,
  updateCinemaOp,
  editScreenLayoutOp,
  previewSeatBlockOp,
  blockSeatsOp,
  updateScreenOp,
  listCinemaStaffOp,
  inviteStaffOp,
  withdrawStaffInvitationOp,
  acceptStaffInvitationOp,
  changeStaffRoleOp,
  revokeStaffOp,
  searchMoviesOp,
  listMovieReviewsOp,
  saveMovieReviewOp,
  listCinemasNearOp,
  expireHoldsOp,
  stripeWebhookOp,
  getHealthOp,
  getOpenApiDocumentOp,
];
