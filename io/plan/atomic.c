/*
 * Atomic replacement (see atomic.h): temporary sibling, fsync, rename.  An
 * existing directory cannot be replaced by rename(2), so Linux's
 * renameat2(RENAME_EXCHANGE) swaps the two in one step.  glibc declares its
 * wrapper only under _GNU_SOURCE, and only since 2.28, so we call the
 * system call by number; _DEFAULT_SOURCE is for syscall() alone.
 */
#define _DEFAULT_SOURCE 1
#include "io/plan/atomic.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "models/alloc.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define PATH_BUF 4096

#ifdef CF_TESTING
#include <signal.h>
/* Test builds only: with CF_TEST_WRITE_STEP="kill:N" (or "stop:N") in the
 * environment, the process raises SIGKILL (SIGSTOP) at step N (0-based) of
 * its atomic writes.  A step is: the temporary directory or a file created,
 * a file about to be flushed (part of it may be on disk), a file fsync'ed
 * and closed, a directory fsync'ed, a rename or exchange done, an old tree
 * removed.  tests/test_reliability.c walks N over every step to show that a
 * crash at any of them leaves the old plan or the new one.  The countdown
 * is process-wide: writes are serial. */
static void test_step(void)
{
    static long left = -2;
    static int sig;
    if (left == -2) {
        const char *e = getenv("CF_TEST_WRITE_STEP");
        left = -1;
        if (e && (!strncmp(e, "kill:", 5) || !strncmp(e, "stop:", 5))) {
            sig = e[0] == 'k' ? SIGKILL : SIGSTOP;
            left = atol(e + 5);
        }
    }
    if (left >= 0 && left-- == 0) raise(sig);
}
#define STEP() test_step()
#else
#define STEP() ((void)0)
#endif

/* path without trailing slashes into buf; CF_EINVAL when it does not fit. */
static cf_status clean_path(const char *path, char *buf, size_t size, cf_err *err)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n == 0) return cf_err_set(err, CF_EINVAL, "empty output path");
    if (n + 32 >= size) return cf_err_set(err, CF_EINVAL, "path too long: '%s'", path);
    memcpy(buf, path, n);
    buf[n] = '\0';
    return CF_OK;
}

/* The directory that holds path ("." for a bare name). */
static void parent_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    if (!slash) {
        snprintf(buf, size, ".");
        return;
    }
    n = (size_t)(slash - path);
    if (n == 0) n = 1; /* "/x" -> "/" */
    if (n >= size) n = size - 1;
    memcpy(buf, path, n);
    buf[n] = '\0';
}

static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

cf_status cf_atomic_fsync_dir(const char *path, cf_err *err)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    if (fsync(fd) != 0 && errno != EINVAL) {
        int e = errno;
        close(fd);
        return cf_err_set(err, CF_EIO, "%s: fsync: %s", path, strerror(e));
    }
    close(fd);
    STEP();
    return CF_OK;
}

/* A temporary younger than this is left alone even when unlocked: its
 * writer may be between mkdtemp and flock. */
#define STALE_AGE_S 5

#define TMP_INFIX ".cofleet-tmp-"
#define TMP_INFIX_LEN (sizeof TMP_INFIX - 1)

/* True when name is base + TMP_INFIX + the six letters or digits mkdtemp
 * puts there. */
static bool is_temp_of(const char *name, const char *base, size_t bl)
{
    const char *x = name + bl + TMP_INFIX_LEN;
    if (strncmp(name, base, bl) != 0 || strncmp(name + bl, TMP_INFIX, TMP_INFIX_LEN) != 0 ||
        strlen(x) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        if (!isalnum((unsigned char)x[i])) return false;
    return true;
}

/* Reads the first line of the marker in the directory open at dirfd into
 * buf ("" when there is none: missing, not a regular file, a link,
 * unreadable or not ours). */
static void read_mark_at(int dirfd, char *buf, size_t size)
{
    int fd = openat(dirfd, CF_ATOMIC_MARK, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    ssize_t n = -1;
    buf[0] = '\0';
    if (fd < 0) return;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0) return;
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (strncmp(buf, "cofleet ", 8) != 0) buf[0] = '\0';
}

/* True when the directory open at fd holds nothing but "." and "..". */
static bool dir_is_empty(int fd)
{
    int dup_fd = dup(fd);
    DIR *dir;
    struct dirent *e;
    bool empty = true;
    if (dup_fd < 0 || !(dir = fdopendir(dup_fd))) {
        if (dup_fd >= 0) close(dup_fd);
        return false;
    }
    while (empty && (e = readdir(dir)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(dir);
    return empty;
}

/* Removes the temporaries of clean that no live process holds (atomic.h):
 * only entries named exactly as ours, directories owned by us that hold
 * our marker (or nothing at all), opened without following a link, and
 * only if what was opened is what lstat saw.  Best effort: whatever cannot
 * be read, locked or removed stays. */
static void sweep_stale(const char *clean)
{
    char parent[PATH_BUF], full[PATH_BUF];
    const char *slash = strrchr(clean, '/');
    const char *base = slash ? slash + 1 : clean;
    size_t bl = strlen(base);
    time_t now = time(NULL);
    struct dirent *e;
    DIR *dir;

    parent_of(clean, parent, sizeof parent);
    if (!(dir = opendir(parent))) return;
    while ((e = readdir(dir)) != NULL) {
        struct stat st, fst;
        cf_err ignored;
        int fd;
        if (!is_temp_of(e->d_name, base, bl)) continue;
        if ((size_t)snprintf(full, sizeof full, "%s/%s", parent, e->d_name) >= sizeof full)
            continue;
        char mark[64];
        if (lstat(full, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
            st.st_mtime > now - STALE_AGE_S)
            continue;
        if ((fd = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) continue;
        if (fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino &&
            flock(fd, LOCK_EX | LOCK_NB) == 0) {
            read_mark_at(fd, mark, sizeof mark);
            if (mark[0] || dir_is_empty(fd)) cf_atomic_remove_tree(full, &ignored);
        }
        close(fd);
    }
    closedir(dir);
}

/* The lock that tells sweep_stale the temporary directory at path is in
 * use: a descriptor of it under flock.  -1 when the file system has no
 * flock; the temporary is then unprotected, which only matters if a writer
 * beside it sweeps while this one runs. */
static int lock_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

cf_status cf_atomic_dir_begin(const char *path, cf_atomic_dir *d, cf_err *err)
{
    char clean[PATH_BUF];
    cf_status rc;

    d->tmp[0] = '\0';
    d->lock = -1;
    if ((rc = clean_path(path, clean, sizeof clean, err)) != CF_OK) return rc;
    if ((size_t)snprintf(d->tmp, sizeof d->tmp, "%s" TMP_INFIX "XXXXXX", clean) >= sizeof d->tmp) {
        d->tmp[0] = '\0';
        return cf_err_set(err, CF_EINVAL, "path too long: '%s'", path);
    }
    sweep_stale(clean);
    if (!mkdtemp(d->tmp)) {
        int e = errno;
        cf_err_set(err, CF_EIO, "%s: cannot create a temporary directory: %s", d->tmp,
                   strerror(e));
        d->tmp[0] = '\0';
        return CF_EIO;
    }
    d->lock = lock_dir(d->tmp);
    if (chmod(d->tmp, 0777 & ~current_umask()) != 0) {
        int e = errno;
        cf_err_set(err, CF_EIO, "%s: %s", d->tmp, strerror(e));
        cf_atomic_dir_end(d);
        return CF_EIO;
    }
    STEP();
    if ((rc = cf_atomic_mark(d->tmp, "temporary", err)) != CF_OK) cf_atomic_dir_end(d);
    return rc;
}

cf_status cf_atomic_mark(const char *dir, const char *kind, cf_err *err)
{
    char path[PATH_BUF + sizeof CF_ATOMIC_MARK + 1];
    FILE *f;
    cf_status rc;
    if ((size_t)snprintf(path, sizeof path, "%s/" CF_ATOMIC_MARK, dir) >= sizeof path)
        return cf_err_set(err, CF_EINVAL, "path too long: '%s'", dir);
    if ((rc = cf_atomic_fopen(path, &f, err)) != CF_OK) return rc;
    fprintf(f, "cofleet %s\nThis directory was written by cofleet, which replaces it as a whole "
               "on its next run.\n",
            kind);
    return cf_atomic_fclose(f, path, err);
}

int cf_atomic_read_mark(const char *dir, char *kind, size_t size)
{
    char mark[64];
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    read_mark_at(fd, mark, sizeof mark);
    close(fd);
    if (!mark[0]) return 0;
    if (kind && size) snprintf(kind, size, "%s", mark + 8);
    return 1;
}

void cf_atomic_dir_end(cf_atomic_dir *d)
{
    if (d->tmp[0]) {
        cf_err ignored;
        cf_atomic_remove_tree(d->tmp, &ignored);
        d->tmp[0] = '\0';
    }
    if (d->lock >= 0) close(d->lock);
    d->lock = -1;
}

static cf_status remove_rec(char *path, size_t len, size_t size, cf_err *err)
{
    struct stat st;
    DIR *dir;
    struct dirent *e;
    cf_status rc = CF_OK;

    if (lstat(path, &st) != 0)
        return errno == ENOENT ? CF_OK : cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    /* ENOENT all along: another process may be removing the same tree. */
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0 && errno != ENOENT)
            return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
        return CF_OK;
    }
    if (!(dir = opendir(path)))
        return errno == ENOENT ? CF_OK : cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    while (rc == CF_OK && (e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (len + 1 + n + 1 > size) {
            rc = cf_err_set(err, CF_EIO, "%s/%s: path too long", path, e->d_name);
            break;
        }
        path[len] = '/';
        memcpy(path + len + 1, e->d_name, n + 1);
        rc = remove_rec(path, len + 1 + n, size, err);
        path[len] = '\0';
    }
    closedir(dir);
    if (rc == CF_OK && rmdir(path) != 0 && errno != ENOENT)
        rc = cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    return rc;
}

cf_status cf_atomic_remove_tree(const char *path, cf_err *err)
{
    char buf[PATH_BUF];
    size_t n = strlen(path);
    if (n == 0) return CF_OK;
    if (n >= sizeof buf) return cf_err_set(err, CF_EIO, "path too long: '%s'", path);
    memcpy(buf, path, n + 1);
    return remove_rec(buf, n, sizeof buf, err);
}

static int exchange(const char *a, const char *b)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

cf_status cf_atomic_dir_commit(cf_atomic_dir *d, const char *path, cf_err *err)
{
    const char *tmp = d->tmp;
    char clean[PATH_BUF], parent[PATH_BUF], old[PATH_BUF];
    struct stat st;
    cf_err ignored;
    cf_status rc;
    int old_lock;

    if ((rc = clean_path(path, clean, sizeof clean, err)) != CF_OK) return rc;
    parent_of(clean, parent, sizeof parent);
    if (lstat(clean, &st) != 0) {
        if (errno != ENOENT) return cf_err_set(err, CF_EIO, "%s: %s", clean, strerror(errno));
        if (rename(tmp, clean) != 0)
            return cf_err_set(err, CF_EIO, "cannot rename '%s' to '%s': %s", tmp, clean,
                              strerror(errno));
        d->tmp[0] = '\0';
        STEP();
        return cf_atomic_fsync_dir(parent, err);
    }
    if (!S_ISDIR(st.st_mode))
        return cf_err_set(err, CF_EIO, "%s: exists and is not a directory", clean);

    /* Once exchanged, the old tree bears a temporary's name: hold it, so that
     * a writer beside this one does not sweep it while it is removed here. */
    old_lock = lock_dir(clean);
    if (exchange(tmp, clean) == 0) {
        STEP();
        rc = cf_atomic_fsync_dir(parent, err);
        /* The new tree is in place; the old one, now at tmp, goes. */
        if (cf_atomic_remove_tree(tmp, &ignored) != CF_OK)
            fprintf(stderr, "cofleet: warning: cannot remove the previous version: %s\n",
                    ignored.msg);
        if (old_lock >= 0) close(old_lock);
        d->tmp[0] = '\0';
        STEP();
        return rc;
    }
    if (old_lock >= 0) close(old_lock);
    if (errno != ENOSYS && errno != EINVAL && errno != ENOTSUP)
        return cf_err_set(err, CF_EIO, "cannot exchange '%s' and '%s': %s", tmp, clean,
                          strerror(errno));

    /* No RENAME_EXCHANGE here: move the old tree aside, then the new in. */
    {
        size_t tl = strlen(tmp);
        const char *suffix = tl >= 6 ? tmp + tl - 6 : tmp;
        if ((size_t)snprintf(old, sizeof old, "%s.old-%s", clean, suffix) >= sizeof old)
            return cf_err_set(err, CF_EINVAL, "path too long: '%s'", clean);
    }
    if (rename(clean, old) != 0)
        return cf_err_set(err, CF_EIO, "cannot rename '%s' to '%s': %s", clean, old,
                          strerror(errno));
    if (rename(tmp, clean) != 0) {
        int e = errno;
        if (rename(old, clean) != 0)
            fprintf(stderr, "cofleet: warning: the previous version is left at '%s'\n", old);
        return cf_err_set(err, CF_EIO, "cannot rename '%s' to '%s': %s", tmp, clean, strerror(e));
    }
    d->tmp[0] = '\0';
    rc = cf_atomic_fsync_dir(parent, err);
    if (cf_atomic_remove_tree(old, &ignored) != CF_OK)
        fprintf(stderr, "cofleet: warning: cannot remove the previous version: %s\n", ignored.msg);
    return rc;
}

cf_status cf_atomic_fopen(const char *path, FILE **f, cf_err *err)
{
    *f = fopen(path, "w");
    if (!*f) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    STEP();
    return CF_OK;
}

cf_status cf_atomic_fclose(FILE *f, const char *path, cf_err *err)
{
    int e = 0;
    STEP();
    if (ferror(f)) e = errno ? errno : EIO;
    if (!e && fflush(f) != 0) e = errno;
    if (!e && fsync(fileno(f)) != 0) e = errno;
    if (fclose(f) != 0 && !e) e = errno;
    if (e) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(e));
    STEP();
    return CF_OK;
}

cf_status cf_atomic_write_file(const char *path, cf_status (*fill)(FILE *f, void *ctx, cf_err *err),
                               void *ctx, cf_err *err)
{
    char clean[PATH_BUF], tmp[PATH_BUF + 16], parent[PATH_BUF];
    cf_atomic_dir d;
    FILE *f;
    cf_status rc;

    if ((rc = clean_path(path, clean, sizeof clean, err)) != CF_OK) return rc;
    parent_of(clean, parent, sizeof parent);
    /* The file is built in a temporary directory of ours, so that the
     * sweep only ever meets directories it can recognise by their marker. */
    if ((rc = cf_atomic_dir_begin(clean, &d, err)) != CF_OK) return rc;
    snprintf(tmp, sizeof tmp, "%s/file", d.tmp);
    if ((rc = cf_atomic_fopen(tmp, &f, err)) != CF_OK) goto done;
    errno = 0;
    if ((rc = fill(f, ctx, err)) != CF_OK) {
        fclose(f);
        goto done;
    }
    if ((rc = cf_atomic_fclose(f, tmp, err)) != CF_OK) goto done;
    if (rename(tmp, clean) != 0) {
        rc = cf_err_set(err, CF_EIO, "cannot rename '%s' to '%s': %s", tmp, clean,
                        strerror(errno));
        goto done;
    }
    STEP();
    rc = cf_atomic_fsync_dir(parent, err);
done:
    cf_atomic_dir_end(&d);
    return rc;
}

/* "PARENT/.NAME.cofleet-lock" of path into buf; CF_EINVAL when too long. */
static cf_status lock_path(const char *path, char *buf, size_t size, cf_err *err)
{
    char clean[PATH_BUF], parent[PATH_BUF];
    const char *slash, *base;
    cf_status rc;
    if ((rc = clean_path(path, clean, sizeof clean, err)) != CF_OK) return rc;
    parent_of(clean, parent, sizeof parent);
    slash = strrchr(clean, '/');
    base = slash ? slash + 1 : clean;
    if ((size_t)snprintf(buf, size, "%s/.%s.cofleet-lock", parent, base) >= size)
        return cf_err_set(err, CF_EINVAL, "path too long: '%s'", path);
    return CF_OK;
}

cf_status cf_atomic_lock(const char *path, int *fd, cf_err *err)
{
    char lp[PATH_BUF + 32];
    cf_status rc;

    *fd = -1;
    if ((rc = lock_path(path, lp, sizeof lp, err)) != CF_OK) return rc;
    /* A holder removes the file before it lets go (cf_atomic_unlock), so a
     * lock taken on a file that is no longer at lp is a lock on nothing:
     * take it again on the file that is there now. */
    for (int tries = 0; tries < 100; tries++) {
        struct stat a, b;
        char pid[32];
        int l = open(lp, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (l < 0) return cf_err_set(err, CF_EIO, "%s: %s", lp, strerror(errno));
        if (flock(l, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            ssize_t n = e == EWOULDBLOCK ? read(l, pid, sizeof pid - 1) : -1;
            close(l);
            if (e != EWOULDBLOCK) return cf_err_set(err, CF_EIO, "%s: %s", lp, strerror(e));
            pid[n > 0 ? n : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
            return cf_err_set(err, CF_EINVAL,
                              "%s: another cofleet run%s%s%s is writing there; wait for it to end "
                              "or choose another output",
                              path, pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "");
        }
        if (fstat(l, &a) == 0 && lstat(lp, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(l, 0) != 0 || pwrite(l, pid, (size_t)n, 0) != n) {
                /* Only the message of a second run needs the pid. */
            }
            *fd = l;
            return CF_OK;
        }
        close(l);
    }
    return cf_err_set(err, CF_EIO, "%s: cannot take the lock", lp);
}

void cf_atomic_unlock(const char *path, int fd)
{
    char lp[PATH_BUF + 32];
    cf_err ignored;
    if (fd < 0) return;
    if (lock_path(path, lp, sizeof lp, &ignored) == CF_OK) unlink(lp);
    close(fd);
}
