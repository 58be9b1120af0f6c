-- Refresh tokens of API clients (POST /api/v1/auth/token, /refresh, /revoke). Only the SHA-256 of
-- the opaque secret is stored, so a copy of this table signs nobody in. Each sign-in starts a
-- family; every refresh marks its token used and adds the next one to the family. A used token
-- presented again means a copy leaked (the thief or the client refreshed first): the whole family
-- is revoked (server/auth/refresh-tokens.ts).
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    -- users.session_version when the family began: a later bump (password change, sign-out
    -- everywhere, role revoked, account deleted) ends the family even if a revoke was missed.
    "session_version" INTEGER NOT NULL,
    -- The sign-in passed two-factor authentication: the access tokens it refreshes say so too.
    "mfa_passed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Sliding: each refresh gives the new token a fresh lifetime, never past the family's cap.
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    -- Absolute: a family never outlives this, however often it is refreshed.
    "family_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "refresh_tokens_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "refresh_tokens_expiry_check" CHECK (
        "expires_at" > "created_at" AND "expires_at" <= "family_expires_at"
    ),
    CONSTRAINT "refresh_tokens_revoked_check" CHECK (
        ("revoked_at" IS NULL) = ("revoked_reason" IS NULL)
        AND ("revoked_reason" IS NULL OR "revoked_reason" IN
            ('reuse', 'logout', 'password-change', 'sign-out-everywhere', 'session-ended'))
    )
);

CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");
CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"("user_id");
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"("family_id");

ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
