import { z } from 'zod';

// Every string that comes in from outside starts here. PostgreSQL's text types cannot hold
// U+0000 and refuse a statement carrying one (SQLSTATE 22021), which would surface as a 500;
// refused at the boundary it is a 400 naming the field. Chain the usual checks after it:
// text().trim().min(1).max(100).

const NUL_MESSAGE = 'must not contain a NUL (\\u0000) character';

export function text() {
  return z.string().refine((s) => !s.includes('\u0000'), NUL_MESSAGE);
}
