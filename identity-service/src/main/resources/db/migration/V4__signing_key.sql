-- The keys that sign the access tokens (RS256, RSA 2048), kept so that a restart or a second
-- instance signs with the same key and tokens stay valid across a rotation.
--   activates_at: from then on the key signs (the newest key with activates_at <= now signs);
--                 a key created ahead of time is published in /oauth2/jwks before, so resource
--                 servers already know it when the first token signed with it arrives
--   retires_at:   from then on it signs no more (set to its successor's activates_at); it stays in
--                 /oauth2/jwks until retires_at + token lifetime + clock-skew margin, then the row
--                 is deleted
-- private_key_jwe holds the PKCS#8 private key encrypted with AES-256-GCM under a key derived from
-- regiohub.identity.key-encryption-secret (JWE compact serialisation, alg dir, enc A256GCM, the kid
-- in its authenticated header); the database never sees the plaintext.
CREATE TABLE signing_key (
    kid             TEXT        PRIMARY KEY,
    public_jwk      TEXT        NOT NULL,
    private_key_jwe TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    activates_at    TIMESTAMPTZ NOT NULL UNIQUE,
    retires_at      TIMESTAMPTZ CHECK (retires_at >= activates_at)
);
