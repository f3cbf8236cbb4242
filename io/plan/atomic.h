/*
 * Atomic replacement of files and directories: a reader (or a crash) sees
 * the old version or the new one, never a mix.  The new content is built
 * in a temporary sibling (same directory, so the same file system), every
 * file fsync'ed, the directory fsync'ed, then put in place by rename(2)
 * or, for an existing directory, by renameat2(RENAME_EXCHANGE) (Linux)
 * followed by removal of the old tree.  Errors name the path and
 * strerror(errno) and are CF_EIO.
 */
#ifndef CF_IO_PLAN_ATOMIC_H
#define CF_IO_PLAN_ATOMIC_H

#include <stdio.h>

#include "models/err.h"

/* The marker file cofleet writes into every directory it creates: its
 * temporaries ("cofleet temporary") and its outputs ("cofleet plan",
 * "cofleet coalition").  An output directory is replaced only when it holds
 * one (io/plan/plan.h), and a temporary is swept only when it holds one, so that
 * no directory of the user's is ever removed for its name alone. */
#define CF_ATOMIC_MARK ".cofleet"

/* A directory being built: its temporary name and the lock that marks it as
 * in use.  Every temporary is a directory "PATH.cofleet-tmp-XXXXXX" holding
 * the marker, under flock(2) by the process that writes it; a process
 * killed half-way (kill -9, power loss) leaves it unlocked.  Before
 * creating its own, each writer removes the unlocked temporaries of the
 * same PATH that are older than a few seconds and hold the marker (or
 * nothing): those of a writer that died.  A live writer's are never
 * touched, so two runs may write beside each other. */
typedef struct cf_atomic_dir {
    char tmp[4096]; /* "" once committed or removed */
    int lock;       /* open descriptor holding the flock; -1: none */
} cf_atomic_dir;

/* Removes the stale temporaries of path (above), then creates the
 * directory "PATH.cofleet-tmp-XXXXXX" beside path (trailing slashes of path
 * ignored), with the permissions of a new directory (0777 & ~umask), locks
 * it and writes the marker "cofleet temporary" in it (the caller overwrites
 * it with the kind of output it builds, cf_atomic_mark).  Call cf_atomic_dir_end whatever happens next.  CF_EIO,
 * CF_EINVAL (path too long), CF_OK. */
cf_status cf_atomic_dir_begin(const char *path, cf_atomic_dir *d, cf_err *err);

/* Puts the complete directory d->tmp in place of path: rename(2) when path
 * does not exist; when it does (a directory), exchanges the two and removes
 * the old tree, now at the temporary name.  Without RENAME_EXCHANGE (old
 * kernel or file system), moves the old tree aside first: then, for an
 * instant, path does not exist.  fsyncs the parent directory.  On failure
 * path is untouched and the temporary left for cf_atomic_dir_end.  CF_EIO,
 * CF_OK. */
cf_status cf_atomic_dir_commit(cf_atomic_dir *d, const char *path, cf_err *err);

/* Removes the temporary if it is still there (the write failed) and drops
 * the lock.  Safe to call twice, and after a failed begin. */
void cf_atomic_dir_end(cf_atomic_dir *d);

/* Creates (truncates) a file for writing; *f NULL on failure.  CF_EIO, CF_OK. */
cf_status cf_atomic_fopen(const char *path, FILE **f, cf_err *err);

/* Flushes f, fsyncs it and closes it (always); CF_EIO naming path when any
 * write since fopen failed or flush, fsync or close fails. */
cf_status cf_atomic_fclose(FILE *f, const char *path, cf_err *err);

/* fsync of a directory, so that the names in it are durable. */
cf_status cf_atomic_fsync_dir(const char *path, cf_err *err);

/* Removes path and, for a directory, everything under it (symbolic links
 * are removed, never followed).  A missing path is fine.  CF_EIO, CF_OK. */
cf_status cf_atomic_remove_tree(const char *path, cf_err *err);

/* Writes dir/CF_ATOMIC_MARK saying "cofleet KIND".  CF_EIO, CF_OK. */
cf_status cf_atomic_mark(const char *dir, const char *kind, cf_err *err);

/* 1 when dir holds a cofleet marker (a regular file, not a link, whose
 * first line is "cofleet KIND"), with KIND copied into kind[size] (kind
 * may be NULL); 0 otherwise. */
int cf_atomic_read_mark(const char *dir, char *kind, size_t size);

/* Takes the lock that says a run is writing path: flock on the file
 * ".NAME.cofleet-lock" beside path (NAME its last component), created when
 * missing and holding the owner's pid.  The lock is the kernel's: it goes
 * with the process, so a killed run leaves at most an unlocked file, which
 * the next run takes over.  CF_EINVAL when another process holds it (the
 * message names its pid), CF_EIO, CF_OK with *fd the lock's descriptor. */
cf_status cf_atomic_lock(const char *path, int *fd, cf_err *err);

/* Removes the lock file of path and drops the lock; fd < 0 is fine. */
void cf_atomic_unlock(const char *path, int fd);

/* Replaces the file at path atomically: fill(f, ctx, err) writes the file
 * in a temporary directory beside path (locked and swept as above), which
 * is fsync'ed and renamed over path.  When
 * fill returns an error or any step fails, path is untouched and the
 * temporary file removed.  Returns fill's status or CF_EIO, CF_OK. */
cf_status cf_atomic_write_file(const char *path, cf_status (*fill)(FILE *f, void *ctx, cf_err *err),
                               void *ctx, cf_err *err);

#endif
