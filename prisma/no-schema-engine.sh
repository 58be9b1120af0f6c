#!/bin/sh
# Stub for the Prisma schema engine: `prisma generate` only needs the path to exist.
exit 1
