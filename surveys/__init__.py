"""Surveys, hearings and reviews (网上调查/听证/评议), their responses, results and feedback reports (采纳情况)."""
