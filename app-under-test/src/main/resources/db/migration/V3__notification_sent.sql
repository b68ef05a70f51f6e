-- One row per follower e-mail the worker has sent for a comment, written right after the mail server accepted it.
-- A retried job skips the followers recorded here, so a job that failed halfway does not mail the first ones again.
-- No foreign key to comment: a job may still run after the ladder removed the comment it was about.
create table notification_sent (
    comment_id bigint      not null,
    email      text        not null,
    sent_at    timestamptz not null default now(),
    primary key (comment_id, email)
);
