from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("callback", views.callback, name="callback"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("front-channel-logout", views.front_channel_logout, name="front-channel-logout"),
]
