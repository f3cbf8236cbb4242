/*
 * For the tests that signal a running cofleet: wait until its SIGINT and
 * SIGTERM handlers are installed (/proc/PID/status, SigCgt), so that a
 * signal sent next is handled rather than fatal.  Not a timing assertion:
 * it polls until then, however slow the build (ASan) or the machine.
 */
#ifndef CF_TESTS_SIGNALS_H
#define CF_TESTS_SIGNALS_H

#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

static inline void wait_handlers(pid_t pid)
{
    char path[64], line[256];
    const unsigned long long want = (1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1));
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    for (;;) {
        FILE *f = fopen(path, "r");
        unsigned long long caught = 0;
        cr_assert_not_null(f, "%s: %s", path, strerror(errno));
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "SigCgt:", 7)) caught = strtoull(line + 7, NULL, 16);
        fclose(f);
        if ((caught & want) == want) return;
        siginfo_t info;
        memset(&info, 0, sizeof info);
        cr_assert_eq(waitid(P_PID, (id_t)pid, &info, WEXITED | WSTOPPED | WNOHANG | WNOWAIT), 0);
        cr_assert_eq(info.si_pid, 0, "cofleet ended or stopped before installing its handlers");
        struct timespec ts = {0, 5000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

#endif
