/* The session thread: connect, run until the session ends, report how it ended. */
#ifndef TS_LOOP_H
#define TS_LOOP_H

void *ts_session_main(void *session);

#endif
