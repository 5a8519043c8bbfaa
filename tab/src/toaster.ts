export const TOASTER_ID = 'customer-card-toaster';
