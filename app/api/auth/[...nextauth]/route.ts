import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth builds its handler from options that read the environment, so build it per request
// (cheap) rather than at import time, when the launcher may not have set AUTH_SECRET yet.
async function handler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
