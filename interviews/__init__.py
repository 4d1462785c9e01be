"""Online interviews (在线访谈): the yearly plan, public questions and their moderation, the live page, transcripts."""
