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
  archiveFilmOp,
  createFilmOp,
  getFilmOp,
  getPosterImageOp,
  listFilmsOp,
  unarchiveFilmOp,
  updateFilmOp,
  uploadPosterOp,
} from '@/server/api/operations/films';
import {
  checkoutHoldOp,
  confirmPaymentOp,
  releaseHoldOp,
  startPaymentOp,
} from '@/server/api/operations/holds';
import {
  getPriceCardOp,
  listPricingRulesOp,
  previewSeatPriceOp,
  savePriceCardOp,
  savePricingRuleOp,
} from '@/server/api/operations/price-card';
import { quotePriceOp } from '@/server/api/operations/pricing';
import {
  checkClashesOp,
  createShowtimeOp,
  generateSessionsOp,
  getProgrammeWeekOp,
  saveProgrammeTemplateOp,
  updateShowtimeOp,
} from '@/server/api/operations/programme';
import { createPromoOp, getPromoOp, listPromosOp, updatePromoOp } from '@/server/api/operations/promos';
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
  expireHoldsOp,
  getHealthOp,
  getOpenApiDocumentOp,
  stripeWebhookOp,
} from '@/server/api/operations/system';
import { checkInTicketOp, getShowtimeManifestOp } from '@/server/api/operations/tickets';

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
  getProgrammeWeekOp,
  checkClashesOp,
  createShowtimeOp,
  updateShowtimeOp,
  generateSessionsOp,
  saveProgrammeTemplateOp,
  getPriceCardOp,
  savePriceCardOp,
  listPricingRulesOp,
  savePricingRuleOp,
  previewSeatPriceOp,
  listRefundsOp,
  retryRefundOp,
  checkInTicketOp,
  getShowtimeManifestOp,
  searchMoviesOp,
  listMovieReviewsOp,
  saveMovieReviewOp,
  listCinemasNearOp,
  listFilmsOp,
  getFilmOp,
  createFilmOp,
  updateFilmOp,
  archiveFilmOp,
  unarchiveFilmOp,
  uploadPosterOp,
  getPosterImageOp,
  listPromosOp,
  getPromoOp,
  createPromoOp,
  updatePromoOp,
  expireHoldsOp,
  stripeWebhookOp,
  getHealthOp,
  getOpenApiDocumentOp,
];
