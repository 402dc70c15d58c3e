//! Tests of the whole front end (parse_module / check_complete).
