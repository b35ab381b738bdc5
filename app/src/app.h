/*
 * Process-wide state set up once in the parent before the workers fork.
 */

#ifndef __H_APP_H
#define __H_APP_H

#include "config.h"

const struct config	*app_config(void);

#endif
