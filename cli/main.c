/* cofleet: dispatches to the commands of cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
