/* Run parameters: defaults, strict setting, scenario.ini with line numbers,
 * precedence, and the generated help and Markdown. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/scenario/params.h"

static char ini_path[64];

/* Writes text to a fresh scenario.ini in a temporary directory. */
static const char *write_ini(const char *text)
{
    char dir[] = "/tmp/cf_params_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    snprintf(ini_path, sizeof ini_path, "%s/scenario.ini", dir);
    FILE *f = fopen(ini_path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return ini_path;
}

static void remove_ini(void)
{
    char dir[64];
    unlink(ini_path);
    snprintf(dir, sizeof dir, "%s", ini_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    rmdir(dir);
}

#define ASSERT_MSG(err, expected) cr_assert_str_eq((err).msg, (expected))

Test(params, defaults)
{
    cf_params p;
    memset(&p, 0xAB, sizeof p);
    cf_params_defaults(&p);
    cr_assert_str_eq(p.name, "");
    cr_assert_eq(p.sharing, CF_SHARING_POOLED);
    cr_assert_float_eq(p.time_limit_s, 30.0, 1e-12);
    cr_assert_eq(p.iterations, 0);
    cr_assert_eq(p.seed, 1);
    cr_assert_eq(p.threads, 0);
    cr_assert_float_eq(p.road_factor, 1.3, 1e-12);
    cr_assert_float_eq(p.co2_kg_per_km, 0.9, 1e-12);
    cr_assert_eq(p.set, 0);
}

Test(params, set_every_parameter)
{
    cf_params p;
    cf_err err;
    cf_params_defaults(&p);
    cr_assert_eq(cf_params_set(&p, "name", "night run", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "sharing", "separate", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "time_limit", "12.5", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "iterations", "5000", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "seed", "18446744073709551615", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "threads", " 4 ", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "road_factor", "1.5", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "co2_kg_per_km", "0.25", &err), CF_OK);
    cr_assert_str_eq(p.name, "night run");
    cr_assert_eq(p.sharing, CF_SHARING_SEPARATE);
    cr_assert_float_eq(p.time_limit_s, 12.5, 1e-12);
    cr_assert_eq(p.iterations, 5000);
    cr_assert_eq(p.seed, UINT64_MAX);
    cr_assert_eq(p.threads, 4);
    cr_assert_float_eq(p.road_factor, 1.5, 1e-12);
    cr_assert_float_eq(p.co2_kg_per_km, 0.25, 1e-12);
    cr_assert_eq(p.set, CF_PARAM_NAME | CF_PARAM_SHARING | CF_PARAM_TIME_LIMIT |
                            CF_PARAM_ITERATIONS | CF_PARAM_SEED | CF_PARAM_THREADS |
                            CF_PARAM_ROAD_FACTOR | CF_PARAM_CO2);
}

Test(params, flag_spelling_matches)
{
    cf_params p;
    cf_err err;
    cf_params_defaults(&p);
    cr_assert_eq(cf_params_set(&p, "time-limit", "7", &err), CF_OK);
    cr_assert_eq(cf_params_set(&p, "Sharing", "POOLED", &err), CF_OK);
    cr_assert_float_eq(p.time_limit_s, 7.0, 1e-12);
    cr_assert_eq(p.set, CF_PARAM_TIME_LIMIT | CF_PARAM_SHARING);
}

Test(params, rejects_bad_values)
{
    static const struct {
        const char *name, *value, *msg;
    } cases[] = {
        {"seed", "abc", "parameter 'seed': 'abc' is not a whole number >= 0"},
        {"seed", "-1", "parameter 'seed': '-1' is not a whole number >= 0"},
        {"seed", "1.5", "parameter 'seed': '1.5' is not a whole number >= 0"},
        {"seed", "18446744073709551616",
         "parameter 'seed': '18446744073709551616' is not a whole "
         "number >= 0"},
        {"seed", "", "parameter 'seed': '' is not a whole number >= 0"},
        {"threads", "2000", "parameter 'threads': '2000' is not a whole number from 0 to 1024"},
        {"iterations", "1e3", "parameter 'iterations': '1e3' is not a whole number >= 0"},
        {"time_limit", "nan", "parameter 'time_limit': 'nan' is not a number from 0 to 1000000000"},
        {"time_limit", "-3", "parameter 'time_limit': '-3' is not a number from 0 to 1000000000"},
        {"time_limit", "1e400",
         "parameter 'time_limit': '1e400' is not a number from 0 to "
         "1000000000"},
        {"road_factor", "0.5", "parameter 'road_factor': '0.5' is not a number from 1 to 10"},
        {"co2_kg_per_km", "0x10",
         "parameter 'co2_kg_per_km': '0x10' is not a number from 0 to "
         "1000"},
        {"sharing", "shared", "parameter 'sharing': 'shared' must be pooled or separate"},
        {"name", "", "parameter 'name': must not be empty"},
        {"colour", "red", "unknown parameter 'colour'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cf_params p;
        cf_err err;
        cf_params_defaults(&p);
        cr_assert_eq(cf_params_set(&p, cases[i].name, cases[i].value, &err), CF_EINVAL, "%s=%s",
                     cases[i].name, cases[i].value);
        ASSERT_MSG(err, cases[i].msg);
        cr_assert_eq(p.set, 0, "a failed set marks nothing");
    }
}

Test(params, rejects_long_name)
{
    cf_params p;
    cf_err err;
    char name[200];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    cf_params_defaults(&p);
    cr_assert_eq(cf_params_set(&p, "name", name, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "is longer than 127 bytes"), "%s", err.msg);
}

Test(params, override_copies_only_what_is_set)
{
    cf_params base, over;
    cf_err err;
    cf_params_defaults(&base);
    cf_params_defaults(&over);
    cr_assert_eq(cf_params_set(&base, "threads", "3", &err), CF_OK);
    cr_assert_eq(cf_params_set(&over, "seed", "99", &err), CF_OK);
    cr_assert_eq(cf_params_set(&over, "name", "cli", &err), CF_OK);
    over.threads = 8; /* not marked set: must not win */
    cf_params_override(&base, &over);
    cr_assert_eq(base.seed, 99);
    cr_assert_str_eq(base.name, "cli");
    cr_assert_eq(base.threads, 3);
    cr_assert_eq(base.set, CF_PARAM_THREADS | CF_PARAM_SEED | CF_PARAM_NAME);
}

Test(params, ini_sets_keys_present)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("; nightly run\n"
                                 "[scenario]\n"
                                 "name = Berlin night\n"
                                 "sharing = separate\n"
                                 "time_limit = 20\n"
                                 "seed = 7 ; inline comment\n"
                                 "  threads = 2\n"
                                 "road_factor=1.4\n"
                                 "co2_kg_per_km = 0.8\n"
                                 "iterations = 300\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    cr_assert_str_eq(p.name, "Berlin night");
    cr_assert_eq(p.sharing, CF_SHARING_SEPARATE);
    cr_assert_float_eq(p.time_limit_s, 20.0, 1e-12);
    cr_assert_eq(p.seed, 7);
    cr_assert_eq(p.threads, 2);
    cr_assert_float_eq(p.road_factor, 1.4, 1e-12);
    cr_assert_float_eq(p.co2_kg_per_km, 0.8, 1e-12);
    cr_assert_eq(p.iterations, 300);
}

Test(params, ini_bad_value_names_line)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("[scenario]\nname = x\n\nseed = abc\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_EINVAL);
    ASSERT_MSG(err, "scenario.ini:4: parameter 'seed': 'abc' is not a whole number >= 0");
}

Test(params, ini_bad_sharing_names_line)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("[scenario]\r\nsharing = together\r\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_EINVAL);
    ASSERT_MSG(err, "scenario.ini:2: parameter 'sharing': 'together' must be pooled or separate");
}

Test(params, ini_syntax_error_names_line)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("[scenario]\nseed = 3\nthis line has no equals sign\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_EPARSE);
    ASSERT_MSG(err, "scenario.ini:3: syntax error (expected [section] or key = value)");
}

Test(params, ini_indented_line_is_not_a_continuation)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("[scenario]\nseed = 3\n    4\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_EPARSE);
    ASSERT_MSG(err, "scenario.ini:3: syntax error (expected [section] or key = value)");
}

Test(params, ini_overlong_line)
{
    cf_params p;
    cf_err err;
    char text[600];
    snprintf(text, sizeof text, "[scenario]\nname = %0500d\n", 0);
    const char *path = write_ini(text);
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_EPARSE);
    ASSERT_MSG(err, "scenario.ini:2: line too long");
}

Test(params, ini_missing_file)
{
    cf_params p;
    cf_err err;
    cf_params_defaults(&p);
    cr_assert_eq(cf_params_load_ini(&p, "/nonexistent/dir/scenario.ini", &err), CF_EIO);
    ASSERT_MSG(err, "scenario.ini: no such file");
}

Test(params, ini_unknown_keys_and_sections_warn, .init = cr_redirect_stderr)
{
    cf_params p;
    cf_err err;
    const char *path = write_ini("top = 1\n[scenario]\ncolour = red\nseed = 5\n"
                                 "[solver]\nfoo = 1\nbar = 2\n");
    cf_params_defaults(&p);
    cf_status rc = cf_params_load_ini(&p, path, &err);
    remove_ini();
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    cr_assert_eq(p.seed, 5);
    cr_assert_eq(p.set, CF_PARAM_SEED);
    fflush(stderr);
    cr_assert_stderr_eq_str("scenario.ini:1: warning: key 'top' outside [scenario] ignored\n"
                            "scenario.ini:3: warning: unknown key 'colour' ignored\n"
                            "scenario.ini:6: warning: unknown section [solver] ignored\n");
}

Test(params, ini_then_cli_precedence)
{
    cf_params eff, cli;
    cf_err err;
    const char *path = write_ini("[scenario]\nseed = 7\nthreads = 3\n");
    cf_params_defaults(&eff);
    cr_assert_eq(cf_params_load_ini(&eff, path, &err), CF_OK, "%s", err.msg);
    remove_ini();
    cf_params_defaults(&cli);
    cr_assert_eq(cf_params_set(&cli, "seed", "9", &err), CF_OK);
    cf_params_override(&eff, &cli);
    cr_assert_eq(eff.seed, 9);                         /* cli beats ini */
    cr_assert_eq(eff.threads, 3);                      /* ini beats default */
    cr_assert_float_eq(eff.time_limit_s, 30.0, 1e-12); /* default */
}

static char *capture(void (*print)(FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    print(f);
    fclose(f);
    return buf;
}

static const char *const all_names[] = {"name", "sharing", "time_limit",  "iterations",
                                        "seed", "threads", "road_factor", "co2_kg_per_km"};

Test(params, help_lists_every_parameter)
{
    char *text = capture(cf_params_print_help);
    for (size_t i = 0; i < sizeof all_names / sizeof all_names[0]; i++)
        cr_assert_not_null(strstr(text, all_names[i]), "%s missing", all_names[i]);
    cr_assert_not_null(strstr(text, "default: 30"));
    cr_assert_not_null(strstr(text, "default: pooled"));
    free(text);
}

Test(params, markdown_lists_every_parameter)
{
    char *text = capture(cf_params_print_markdown);
    for (size_t i = 0; i < sizeof all_names / sizeof all_names[0]; i++) {
        char row[64];
        snprintf(row, sizeof row, "| `%s` |", all_names[i]);
        cr_assert_not_null(strstr(text, row), "%s missing", row);
    }
    cr_assert_not_null(strstr(text, "| `road_factor` | number | 1.3 |"), "%s", text);
    cr_assert_not_null(strstr(text, "| `sharing` | pooled\\|separate | pooled |"), "%s", text);
    free(text);
}
