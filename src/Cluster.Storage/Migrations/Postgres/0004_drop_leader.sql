-- The scheduler is an Orleans grain now: Orleans' membership decides where it runs, so the leader lease row goes.
DROP TABLE leader;
