-- One row per background job that finished (succeeded, or failed after its retries), written by the worker.
-- enqueued_at comes from the job itself (set when the web app enqueued it), finished_at from the worker's clock:
-- both processes run on the machine of the scalelab command, so enqueue-to-done is one clock's difference.
create table task_outcome (
    job_id      uuid        primary key,
    job_name    text        not null,
    enqueued_at timestamptz not null,
    finished_at timestamptz not null,
    succeeded   boolean     not null,
    attempts    int         not null
);
create index task_outcome_enqueued_at_idx on task_outcome (enqueued_at);
