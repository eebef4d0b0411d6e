# nbgrader configuration for a course taught with the backprop kernel.
#
#   cd examples/grading
#   nbgrader generate_assignment worked-example     # source/ -> release/ (solutions replaced by stubs)
#   nbgrader autograde worked-example               # submitted/<student>/worked-example/ -> autograded/
#   nbgrader generate_feedback worked-example       # autograded/ -> feedback/ (HTML)
import os

c = get_config()  # noqa: F821 (nbgrader defines it)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "backprop-worked-example"

# What replaces a solution region in the student's version. nbgrader knows only a few languages
# and raises ValueError for a notebook whose kernelspec language ("backprop") has no stub. The stub
# writes to standard error, which nbgrader scores as zero, so an unanswered cell never passes.
c.ClearSolutions.code_stub = {
    "backprop": '# YOUR CODE HERE\nwarn "not answered yet: replace these two lines with your answer"',
}
# `#` starts a comment in this language, so the markers are comments the kernel ignores.
c.ClearSolutions.begin_solution_delimeter = "### BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "### END SOLUTION"

# Each cell gets 60 s (a train in a test cell is the slowest thing a test does).
c.ExecutePreprocessor.timeout = 60
