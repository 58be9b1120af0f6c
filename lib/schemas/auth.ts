import { z } from 'zod';
import { text } from '@/lib/schemas/text';

export const emailSchema = z
  .email('Enter a valid email address')
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');

export const signUpSchema = z.object({
  name: text().trim().min(1, 'Tell us your name').max(100),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  // Never length-checked on sign-in: old passwords may predate the current policy.
  password: z.string().min(1, 'Enter your password').max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const ROLES = ['CUSTOMER', 'STAFF', 'MANAGER', 'ADMIN'] as const;
export type RoleName = (typeof ROLES)[number];
