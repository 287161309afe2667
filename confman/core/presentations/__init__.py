"""Speaker presentations (bài tham luận) and their files."""
