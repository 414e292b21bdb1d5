"""`python -m course.grading NOTEBOOK...`"""

import sys

from course.grading import main

sys.exit(main())
