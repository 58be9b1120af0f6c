-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'REVERSED';
