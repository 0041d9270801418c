-- The programme office may cancel a session; its bookings are released with it.
ALTER TABLE advisory_session
    ADD COLUMN cancelled_at TIMESTAMPTZ,
    ADD COLUMN cancelled_by TEXT,
    ADD COLUMN cancellation_reason TEXT;
