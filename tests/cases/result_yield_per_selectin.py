# schema: blog
# setup: blog_rows
# yield_per with selectinload (issue 10): the post load runs once per chunk, after the chunk's
# rows became objects and before they are handed out (orm/loading.py instances(): post_load_paths
# invoked per chunk). On MariaDB PyMySQL's unbuffered SSCursor (stream_results) loses the
# rest of the result when the selectin query runs ("Previous unbuffered result was left
# incomplete"): the loop ends after the first chunk; on PostgreSQL the named cursor reads on.
for u in session.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id).execution_options(yield_per=2)):
    print(u.name, [a.email for a in u.addresses])
