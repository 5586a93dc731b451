FROM busybox:1.36 AS build-stage_1.x
CMD ["sh"]
